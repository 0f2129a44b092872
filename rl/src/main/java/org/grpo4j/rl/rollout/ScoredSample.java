package org.grpo4j.rl.rollout;

import java.util.List;

/** A sample with each reward function's outcome and the weighted total reward. */
public record ScoredSample(Sample sample, List<RewardOutcome> outcomes, double reward) {
  /** Copies the outcomes. */
  public ScoredSample {
    outcomes = List.copyOf(outcomes);
  }

  /** This sample with one more reward term (weight 1) added to the outcomes and the total. */
  public ScoredSample plus(RewardOutcome extra) {
    List<RewardOutcome> all = new java.util.ArrayList<>(outcomes);
    all.add(extra);
    return new ScoredSample(sample, all, reward + extra.weight() * extra.reward());
  }
}
