package org.grpo4j.rl.exact;

/**
 * The clip ranges every estimator of {@link Estimator} reads: GRPO and Dr. GRPO clip token ratios to
 * [1 - epsLow, 1 + epsHigh], TIC-GRPO clips its trajectory ratio above at 1 + epsHigh, GSPO clips its sequence
 * ratio to [1 - gspoEpsLow, 1 + gspoEpsHigh].
 */
public record Clip(double epsLow, double epsHigh, double gspoEpsLow, double gspoEpsHigh) {
  /** The lower bound that never clips: ratios are at least exp(-20), above 1 - this. */
  static final double NEVER_LOW = 1 - 1e-12;

  /** Checks every bound: lower ones in [0, 1), upper ones >= 0 (infinity for none). */
  public Clip {
    if (!(epsLow >= 0 && epsLow < 1 && gspoEpsLow >= 0 && gspoEpsLow < 1)) {
      throw new IllegalArgumentException("clip: lower ranges eps_low " + epsLow + " and gspo_eps_low " + gspoEpsLow
          + " must be in [0, 1)");
    }
    if (!(epsHigh >= 0 && gspoEpsHigh >= 0)) {
      throw new IllegalArgumentException("clip: upper ranges eps_high " + epsHigh + " and gspo_eps_high "
          + gspoEpsHigh + " must be >= 0");
    }
  }

  /** Symmetric eps for GRPO, Dr. GRPO and TIC-GRPO; GSPO's own published range (3e-4, 4e-4). */
  public static Clip of(double eps) {
    return new Clip(eps, eps, 3e-4, 4e-4);
  }

  /** No clipping at all (the unclipped estimators whose expectations are closed-form sums). */
  public static Clip none() {
    return new Clip(NEVER_LOW, Double.POSITIVE_INFINITY, NEVER_LOW, Double.POSITIVE_INFINITY);
  }
}
