package org.grpo4j.rl.exact;


/**
 * Exact quantities of the token-tree problem by enumerating every output: J(theta) = sum_o P(o) r(o) and its
 * gradient sum_o P(o) r(o) grad log P(o) (the estimators' expectations are {@link TreeEstimates#expectation}).
 */
public final class ExactGradients {
  private ExactGradients() {}

  /** J(theta). */
  public static double objective(PrefixSoftmaxPolicy pi, Reward r) {
    double j = 0;
    for (int[] o : pi.tree().outputs()) {
      j += Math.exp(pi.logProbability(o)) * r.of(o);
    }
    return j;
  }

  /** grad J(theta). */
  public static double[] gradient(PrefixSoftmaxPolicy pi, Reward r) {
    double[] g = new double[pi.parameters().length];
    for (int[] o : pi.tree().outputs()) {
      double w = Math.exp(pi.logProbability(o)) * r.of(o);
      if (w != 0) {
        for (int t = 0; t < o.length; t++) {
          pi.addTokenScore(o, t, w, g);
        }
      }
    }
    return g;
  }
}
