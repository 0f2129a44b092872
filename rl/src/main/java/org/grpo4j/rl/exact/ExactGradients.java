package org.grpo4j.rl.exact;


/**
 * Exact quantities of the token-tree problem by enumerating every output: J(theta) = sum_o P(o) r(o), its gradient
 * sum_o P(o) r(o) grad log P(o), and the expectations, over groups sampled from theta_old, of the gradient
 * estimators whose bias the theory is about (with the leave-one-out baseline, which does not use the sample
 * itself, so the expectations are closed-form sums).
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

  /**
   * E over samples from theta_old of TIC-GRPO's unclipped estimator rho (r - b) grad log P_theta(o), b the
   * leave-one-out mean of the others (independent of the sample, mean E_old[r]): equals grad J(theta) exactly.
   */
  public static double[] ticLeaveOneOut(PrefixSoftmaxPolicy pi, PrefixSoftmaxPolicy old, Reward r) {
    return expectation(pi, old, r, o -> constant(o.length,
        Math.exp(pi.logProbability(o) - old.logProbability(o))));
  }

  /**
   * E over samples from theta_old of GRPO's token-ratio estimator without clipping, (r - b) sum_t w_t
   * grad log pi_theta(o_t | o_<t) with w_t = pi_theta / pi_old per token and the leave-one-out baseline: at
   * theta = theta_old it is grad J(theta_old); elsewhere it is biased, by an amount growing with the distance.
   */
  public static double[] grpoTokenLeaveOneOut(PrefixSoftmaxPolicy pi, PrefixSoftmaxPolicy old, Reward r) {
    return expectation(pi, old, r, o -> {
      double[] l = pi.tokenLogProbs(o);
      double[] lOld = old.tokenLogProbs(o);
      for (int t = 0; t < l.length; t++) {
        l[t] = Math.exp(l[t] - lOld[t]);
      }
      return l;
    });
  }

  /**
   * E over samples from theta_old of the stale REINFORCE estimator of GRPO without importance sampling,
   * (r - b) grad log P_theta(o) on old samples: grad J(theta_old) at theta_old, biased away from it.
   */
  public static double[] staleReinforce(PrefixSoftmaxPolicy pi, PrefixSoftmaxPolicy old, Reward r) {
    return expectation(pi, old, r, o -> constant(o.length, 1));
  }

  /**
   * E over samples from theta_old of GSPO's unclipped estimator (r - b) s(o) (1/|o|) sum_t grad log pi_theta(o_t),
   * s(o) = exp(mean_t log-ratio): length-normalized, so biased even at theta_old.
   */
  public static double[] gspoLeaveOneOut(PrefixSoftmaxPolicy pi, PrefixSoftmaxPolicy old, Reward r) {
    return expectation(pi, old, r, o -> constant(o.length,
        Math.exp((pi.logProbability(o) - old.logProbability(o)) / o.length) / o.length));
  }

  /** Per-token weights c_t of an estimator (r - b) sum_t c_t grad log pi_theta(o_t | o_<t). */
  private interface TokenWeights {
    double[] of(int[] output);
  }

  /** sum_o P_old(o) (r(o) - E_old[r]) sum_t c_t(o) grad log pi_theta(o_t | o_<t): the estimator's mean. */
  private static double[] expectation(PrefixSoftmaxPolicy pi, PrefixSoftmaxPolicy old, Reward r, TokenWeights c) {
    double baseline = objective(old, r);
    double[] g = new double[pi.parameters().length];
    for (int[] o : pi.tree().outputs()) {
      double a = Math.exp(old.logProbability(o)) * (r.of(o) - baseline);
      double[] w = c.of(o);
      for (int t = 0; t < o.length; t++) {
        pi.addTokenScore(o, t, a * w[t], g);
      }
    }
    return g;
  }

  private static double[] constant(int n, double value) {
    double[] w = new double[n];
    java.util.Arrays.fill(w, value);
    return w;
  }
}
