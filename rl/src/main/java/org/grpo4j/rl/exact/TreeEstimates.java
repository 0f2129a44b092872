package org.grpo4j.rl.exact;

/**
 * Closed forms, on the tabular policy, of the {@link Estimator}s' gradients (ascent directions, the negated loss
 * gradients of their rl.objective losses, including every clip and the log-ratio clamps), and their exact
 * expectations over samples from theta_old. TreeEstimatesTest holds each equal to the engine's gradient of its
 * objective for every estimator and clip range.
 */
public final class TreeEstimates {
  /** The clamp of summed log-ratios TIC-GRPO applies before exp (rl.objective's default). */
  static final double CLAMP_LOG = 20;
  /** The clamp of token log-ratios GRPO applies before exp. */
  private static final double TOKEN_CLAMP = 20;
  /** The upper clamp of GSPO's mean log-ratio. */
  private static final double GSPO_CLAMP = 10;

  private TreeEstimates() {}

  /**
   * The estimate at {@code theta} from outputs {@code outs} sampled at {@code old} with advantages {@code adv}
   * (one per output): the negated gradient of {@code e.objective(clip, outs.length)}.
   */
  public static double[] estimate(Estimator e, Clip clip, PrefixSoftmaxPolicy theta, PrefixSoftmaxPolicy old,
      int[][] outs, double[] adv) {
    if (outs.length != adv.length || outs.length == 0) {
      throw new IllegalArgumentException("estimate: " + outs.length + " outputs and " + adv.length
          + " advantages (expected the same non-zero number)");
    }
    double[] g = new double[theta.parameters().length];
    for (int i = 0; i < outs.length; i++) {
      add(e, clip, theta, old, outs[i], adv[i], 1.0 / outs.length, g);
    }
    return g;
  }

  /**
   * E over groups sampled from theta_old of the unclipped estimator with the leave-one-out baseline, by
   * enumeration: sum_o P_old(o) (r(o) - J(theta_old)) x (the estimator's per-output term). Exact for every
   * estimator, since the baseline is independent of the sample and the unclipped terms are linear in it.
   */
  public static double[] expectation(Estimator e, PrefixSoftmaxPolicy theta, PrefixSoftmaxPolicy old, Reward r) {
    if (e == Estimator.EXACT_PG) {
      return ExactGradients.gradient(theta, r);
    }
    double baseline = ExactGradients.objective(old, r);
    double[] g = new double[theta.parameters().length];
    Clip none = Clip.none();
    for (int[] o : theta.tree().outputs()) {
      double a = r.of(o) - baseline;
      if (a != 0) {
        add(e, none, theta, old, o, a, Math.exp(old.logProbability(o)), g);
      }
    }
    return g;
  }

  /** Adds scale x (output o's term of the estimator with advantage a) to g. */
  private static void add(Estimator e, Clip clip, PrefixSoftmaxPolicy theta, PrefixSoftmaxPolicy old, int[] o,
      double a, double scale, double[] g) {
    PrefixSoftmaxPolicy at = e.atOldPolicy() ? old : theta;
    switch (e) {
      case EXACT_PG -> throw new IllegalArgumentException("EXACT_PG has no sampled estimate");
      case NO_IS_FROZEN, NO_IS_STALE -> {
        for (int t = 0; t < o.length; t++) {
          at.addTokenScore(o, t, a * scale, g);
        }
      }
      case GRPO, DR_GRPO -> {
        double[] l = theta.tokenLogProbs(o);
        double[] lOld = old.tokenLogProbs(o);
        for (int t = 0; t < o.length; t++) {
          double lr = l[t] - lOld[t];
          double w = Math.exp(lr);
          if (!tokenClipped(clip, a, w) && Math.abs(lr) <= TOKEN_CLAMP) {
            theta.addTokenScore(o, t, w * a * scale, g);
          }
        }
      }
      case TIC, TIC_NO_CLIP -> {
        double lr = theta.logProbability(o) - old.logProbability(o);
        double rho = Math.exp(lr);
        if (!trajectoryClipped(e, clip, a, rho) && Math.abs(lr) <= CLAMP_LOG) {
          for (int t = 0; t < o.length; t++) {
            theta.addTokenScore(o, t, rho * a * scale, g);
          }
        }
      }
      case GSPO -> {
        double lr = (theta.logProbability(o) - old.logProbability(o)) / o.length;
        double s = Math.exp(lr);
        if (!gspoClipped(clip, a, s) && lr <= GSPO_CLAMP) {
          for (int t = 0; t < o.length; t++) {
            theta.addTokenScore(o, t, s * a / o.length * scale, g);
          }
        }
      }
      default -> throw new IllegalStateException("unknown estimator " + e);
    }
  }

  /**
   * The fraction of the estimator's terms that its clip zeroes at theta: tokens for GRPO and Dr. GRPO, outputs for
   * TIC-GRPO and GSPO (TIC's trajectory clip fraction); 0 for the unclipped estimators.
   */
  public static double clipFraction(Estimator e, Clip clip, PrefixSoftmaxPolicy theta, PrefixSoftmaxPolicy old,
      int[][] outs, double[] adv) {
    double[][] logRatio = new double[outs.length][];
    for (int i = 0; i < outs.length; i++) {
      double[] l = theta.tokenLogProbs(outs[i]);
      double[] lOld = old.tokenLogProbs(outs[i]);
      logRatio[i] = new double[outs[i].length];
      for (int t = 0; t < l.length; t++) {
        logRatio[i][t] = l[t] - lOld[t];
      }
    }
    return clipFraction(e, clip, logRatio, adv);
  }

  /**
   * The same fraction from each output's per-token log-ratios log pi_theta - log pi_old (one row per output, as long
   * as the output), for any policy (the transformer's included).
   */
  public static double clipFraction(Estimator e, Clip clip, double[][] logRatio, double[] adv) {
    int clipped = 0;
    int terms = 0;
    for (int i = 0; i < logRatio.length; i++) {
      double[] lr = logRatio[i];
      double sum = java.util.Arrays.stream(lr).sum();
      switch (e) {
        case GRPO, DR_GRPO -> {
          for (double x : lr) {
            clipped += tokenClipped(clip, adv[i], Math.exp(x)) ? 1 : 0;
          }
          terms += lr.length;
        }
        case TIC, TIC_NO_CLIP -> {
          clipped += trajectoryClipped(e, clip, adv[i], Math.exp(sum)) ? 1 : 0;
          terms++;
        }
        case GSPO -> {
          clipped += gspoClipped(clip, adv[i], Math.exp(sum / lr.length)) ? 1 : 0;
          terms++;
        }
        default -> terms++;
      }
    }
    return terms == 0 ? 0 : (double) clipped / terms;
  }

  private static boolean tokenClipped(Clip clip, double a, double w) {
    return a > 0 && w > 1 + clip.epsHigh() || a < 0 && w < 1 - clip.epsLow();
  }

  private static boolean trajectoryClipped(Estimator e, Clip clip, double a, double rho) {
    return e == Estimator.TIC && a > 0 && rho > 1 + clip.epsHigh();
  }

  private static boolean gspoClipped(Clip clip, double a, double s) {
    return a > 0 && s > 1 + clip.gspoEpsHigh() || a < 0 && s < 1 - clip.gspoEpsLow();
  }
}
