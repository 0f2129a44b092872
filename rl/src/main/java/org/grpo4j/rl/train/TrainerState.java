package org.grpo4j.rl.train;

/**
 * What a checkpoint holds besides weights and optimizer state ({@code trainer_state.json}): the iterations done, the
 * next position in the training stream, the parameters' dtype, and the run's config. Every random draw derives from
 * (config seed, step), so nothing else is needed to continue bit for bit.
 */
public record TrainerState(int step, long dataPosition, String dtype, TrainConfig config) {
  /** Checks the step, position and dtype. */
  public TrainerState {
    if (step < 0 || dataPosition < 0 || dtype == null || config == null) {
      throw new IllegalArgumentException("trainer state: step " + step + " and data position " + dataPosition
          + " must be >= 0, dtype " + dtype + " and the config given");
    }
  }
}
