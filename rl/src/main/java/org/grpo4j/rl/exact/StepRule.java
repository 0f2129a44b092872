package org.grpo4j.rl.exact;

/** How a training run turns an ascent direction into a parameter step: plain SGD or Adam. */
public enum StepRule {
  /** theta += eta g. */
  SGD,
  /** Adam (beta1 0.9, beta2 0.999, eps 1e-8, bias-corrected moments): theta += eta m_hat / (sqrt(v_hat) + eps). */
  ADAM;

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  /** A fresh stepper with this rule's state for {@code parameters} parameters and step size {@code eta}. */
  public Stepper stepper(int parameters, double eta) {
    if (parameters < 1 || !(eta > 0) || Double.isInfinite(eta)) {
      throw new IllegalArgumentException("step rule " + this + ": " + parameters + " parameters and eta " + eta
          + " (expected at least one parameter and a finite eta > 0)");
    }
    return new Stepper(this, parameters, eta);
  }

  /** The state of one run's steps (Adam's moments and step count). */
  public static final class Stepper {
    private final StepRule rule;
    private final double eta;
    private final double[] m;
    private final double[] v;
    private int t;

    private Stepper(StepRule rule, int n, double eta) {
      this.rule = rule;
      this.eta = eta;
      this.m = rule == ADAM ? new double[n] : null;
      this.v = rule == ADAM ? new double[n] : null;
    }

    /** The step to add to theta for ascent direction {@code g}. */
    public double[] step(double[] g) {
      double[] d = new double[g.length];
      if (rule == SGD) {
        for (int i = 0; i < g.length; i++) {
          d[i] = eta * g[i];
        }
        return d;
      }
      if (g.length != m.length) {
        throw new IllegalArgumentException("Adam: gradient of " + g.length + " values for " + m.length
            + " parameters");
      }
      t++;
      double c1 = 1 - Math.pow(BETA1, t);
      double c2 = 1 - Math.pow(BETA2, t);
      for (int i = 0; i < g.length; i++) {
        m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
        v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
        d[i] = eta * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
      }
      return d;
    }
  }
}
