package org.grpo4j.transformer.sft;

import org.grpo4j.nn.optim.LrSchedule;

/**
 * Supervised fine-tuning settings: optimizer steps, examples per step, learning-rate schedule, AdamW weight decay
 * (matrices only), global gradient-norm clip (0 = off) and the seed of the example order.
 */
public record SftConfig(int steps, int batchSize, LrSchedule schedule, double weightDecay, double gradClip,
    long seed) {
  /** Validates every field and names the bad one. */
  public SftConfig {
    if (steps < 1) {
      throw new IllegalArgumentException("sft: steps " + steps + " must be >= 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("sft: batch size " + batchSize + " must be >= 1");
    }
    if (schedule == null) {
      throw new IllegalArgumentException("sft: a learning-rate schedule is required");
    }
    if (!(weightDecay >= 0) || !(gradClip >= 0)) {
      throw new IllegalArgumentException("sft: weight decay " + weightDecay + " and grad clip " + gradClip
          + " must be >= 0");
    }
  }
}
