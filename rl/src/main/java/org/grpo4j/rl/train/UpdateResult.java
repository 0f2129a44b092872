package org.grpo4j.rl.train;

import java.util.Map;

/**
 * What the K inner steps of one iteration did: the mean loss (objective plus KL) and pre-clip gradient norm over the
 * optimizer steps taken, the mean KL (NaN without a reference), the mean clip fraction, the objective's own metrics
 * averaged over micro-batches, optimizer steps taken and skipped (non-finite loss or gradient), and tokens processed.
 */
record UpdateResult(double loss, double gradNorm, double kl, double clipFrac, Map<String, Double> objectiveMetrics,
    int steps, int skipped, long tokens) {}
