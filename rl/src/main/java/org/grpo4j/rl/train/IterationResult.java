package org.grpo4j.rl.train;

import java.util.List;
import java.util.Map;
import org.grpo4j.rl.rollout.ScoredSample;

/** One iteration's metrics line, its scored samples, the next data position and its timing. */
record IterationResult(Map<String, Object> metrics, List<ScoredSample> samples, long nextPosition,
    IterationTiming timing) {}
