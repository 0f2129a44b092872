package org.grpo4j.rl.train;

import java.util.List;
import org.grpo4j.rl.rollout.ScoredSample;

/**
 * One iteration's rollouts: every scored sample drawn (all rounds), the ones trained on with their advantages, the
 * next position in the training stream, the sampling rounds, and the seconds spent sampling and scoring.
 */
record RolloutBatch(List<ScoredSample> all, List<ScoredSample> kept, double[] advantages, int[] groups,
    long nextPosition, int rounds, double sampleSeconds, double rewardSeconds) {}
