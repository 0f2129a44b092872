package org.grpo4j.rl.exact;

/**
 * One expectation of spec/convergence.md checked by a run: which experiment, what the theory expects, the measured
 * value with its 95% interval, the rule that decides it and whether it held.
 */
public record Finding(String experiment, String expectation, Interval measured, String rule, boolean held) {
  /** Checks every text is present. */
  public Finding {
    if (experiment == null || experiment.isBlank() || expectation == null || expectation.isBlank() || rule == null
        || measured == null) {
      throw new IllegalArgumentException("finding: experiment, expectation, measured value and rule are required, got "
          + experiment + " / " + expectation + " / " + measured + " / " + rule);
    }
  }

  /** Held when the interval meets [target - tol, target + tol]. */
  static Finding near(String experiment, String expectation, Interval m, double target, double tol) {
    boolean held = m.high() >= target - tol && m.low() <= target + tol;
    return new Finding(experiment, expectation, m, String.format(java.util.Locale.ROOT,
        "interval meets [%.3g, %.3g]", target - tol, target + tol), held);
  }

  /** Held when the value is at most {@code bound}. */
  static Finding atMost(String experiment, String expectation, Interval m, double bound) {
    return new Finding(experiment, expectation, m, String.format(java.util.Locale.ROOT, "value <= %.3g", bound),
        m.value() <= bound);
  }

  /** Held when the whole interval lies above {@code bound}. */
  static Finding above(String experiment, String expectation, Interval m, double bound) {
    return new Finding(experiment, expectation, m, String.format(java.util.Locale.ROOT, "interval above %.3g",
        bound), m.low() > bound);
  }

  /** Held when the whole interval lies below {@code bound}. */
  static Finding below(String experiment, String expectation, Interval m, double bound) {
    return new Finding(experiment, expectation, m, String.format(java.util.Locale.ROOT, "interval below %.3g",
        bound), m.high() < bound);
  }
}
