package org.grpo4j.nn.optim;

/** A learning rate as a function of the step about to be taken (0-based). */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.WarmupCosine {

  /** The learning rate for step {@code step} (0 for the first step). */
  double lr(long step);

  /** The same learning rate at every step. */
  record Constant(double value) implements LrSchedule {
    /** Validates the rate. */
    public Constant {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("constant schedule: learning rate " + value + " must be finite and >= 0");
      }
    }

    @Override
    public double lr(long step) {
      return value;
    }
  }

  /**
   * Linear warmup from peak/warmup to {@code peak} over {@code warmupSteps}, then cosine decay to {@code minLr} at
   * {@code totalSteps}, and {@code minLr} after.
   */
  record WarmupCosine(double peak, long warmupSteps, long totalSteps, double minLr) implements LrSchedule {
    /** Validates rates and step counts. */
    public WarmupCosine {
      if (!(peak >= 0) || Double.isInfinite(peak) || !(minLr >= 0) || minLr > peak) {
        throw new IllegalArgumentException("warmup-cosine schedule: need 0 <= minLr <= peak, got peak " + peak
            + ", minLr " + minLr);
      }
      if (warmupSteps < 0 || totalSteps < warmupSteps) {
        throw new IllegalArgumentException("warmup-cosine schedule: need 0 <= warmupSteps <= totalSteps, got "
            + warmupSteps + " and " + totalSteps);
      }
    }

    @Override
    public double lr(long step) {
      if (step < warmupSteps) {
        return peak * (step + 1) / warmupSteps;
      }
      if (step >= totalSteps) {
        return minLr;
      }
      double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
      return minLr + 0.5 * (peak - minLr) * (1 + Math.cos(Math.PI * progress));
    }
  }
}
