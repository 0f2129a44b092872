package org.grpo4j.rl.exact;

import java.util.SplittableRandom;
import org.grpo4j.rl.objective.Advantages;

/**
 * One training run on the token tree (experiment E3): each of N iterations samples B groups of G outputs from
 * theta_old, forms leave-one-out advantages within each group, and takes K ascent steps of size eta with the
 * method's gradient estimate; after every iteration the exact J(theta) and |grad J(theta)|^2 are recorded.
 */
public final class ConvergenceRun {
  /** Settings of a run. */
  public record Config(int maxTokens, int iterations, int groups, int groupSize, int innerSteps, double eta,
      double eps) {
    /** Checks every setting. */
    public Config {
      if (iterations < 1 || groups < 1 || groupSize < 2 || innerSteps < 1 || !(eta > 0) || !(eps > 0)) {
        throw new IllegalArgumentException("convergence run: need iterations >= 1, groups >= 1, group size >= 2,"
            + " inner steps >= 1, eta > 0 and eps > 0, got iterations " + iterations + ", groups " + groups
            + ", group size " + groupSize + ", inner steps " + innerSteps + ", eta " + eta + ", eps " + eps);
      }
    }
  }

  /** Exact J(theta_n) and |grad J(theta_n)|^2 after each iteration n = 1..N. */
  public record Trace(double[] objective, double[] gradNormSq) {}

  private ConvergenceRun() {}

  /** Runs {@code method} from theta_0 (fixed by {@code initSeed}) with sampling seeded by {@code seed}. */
  public static Trace run(Method method, Config c, Reward reward, long initSeed, long seed) {
    TokenTree tree = new TokenTree(c.maxTokens());
    PrefixSoftmaxPolicy theta = PrefixSoftmaxPolicy.random(tree, 0.7, initSeed);
    SplittableRandom rng = new SplittableRandom(seed);
    int n = c.groups() * c.groupSize();
    double[] objective = new double[c.iterations()];
    double[] gradSq = new double[c.iterations()];
    for (int it = 0; it < c.iterations(); it++) {
      PrefixSoftmaxPolicy old = theta;
      int[][] outs = new int[n][];
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        outs[i] = old.sample(rng);
        r[i] = reward.of(outs[i]);
      }
      double[] adv = method == Method.DR_GRPO ? meanOnly(r, c.groupSize()) : leaveOneOut(r, c.groupSize());
      double[] frozen = method == Method.NO_IS ? estimate(Method.NO_IS, old, old, outs, adv, c.eps()) : null;
      for (int k = 0; k < c.innerSteps(); k++) {
        double[] g = switch (method) {
          case EXACT_PG -> ExactGradients.gradient(theta, reward);
          case NO_IS -> frozen;
          default -> estimate(method, theta, old, outs, adv, c.eps());
        };
        theta = theta.plus(c.eta(), g);
      }
      double[] grad = ExactGradients.gradient(theta, reward);
      objective[it] = ExactGradients.objective(theta, reward);
      gradSq[it] = dot(grad, grad);
    }
    return new Trace(objective, gradSq);
  }

  /** The method's gradient estimate at theta from outputs sampled at old (a mean over the B * G outputs). */
  static double[] estimate(Method m, PrefixSoftmaxPolicy theta, PrefixSoftmaxPolicy old, int[][] outs,
      double[] adv, double eps) {
    double[] g = new double[theta.parameters().length];
    int n = outs.length;
    for (int i = 0; i < n; i++) {
      int[] o = outs[i];
      double a = adv[i];
      switch (m) {
        case NO_IS -> {
          for (int t = 0; t < o.length; t++) {
            theta.addTokenScore(o, t, a / n, g);
          }
        }
        case GRPO, DR_GRPO -> {
          double[] l = theta.tokenLogProbs(o);
          double[] lOld = old.tokenLogProbs(o);
          for (int t = 0; t < o.length; t++) {
            double w = Math.exp(l[t] - lOld[t]);
            boolean clipped = a > 0 && w > 1 + eps || a < 0 && w < 1 - eps;
            if (!clipped) {
              theta.addTokenScore(o, t, w * a / n, g);
            }
          }
        }
        case TIC, TIC_NO_CLIP -> {
          double rho = Math.exp(theta.logProbability(o) - old.logProbability(o));
          if (m == Method.TIC_NO_CLIP || !(a > 0 && rho > 1 + eps)) {
            for (int t = 0; t < o.length; t++) {
              theta.addTokenScore(o, t, rho * a / n, g);
            }
          }
        }
        case GSPO -> {
          double s = Math.exp((theta.logProbability(o) - old.logProbability(o)) / o.length);
          boolean clipped = a > 0 && s > 1 + 4e-4 || a < 0 && s < 1 - 3e-4;
          if (!clipped) {
            for (int t = 0; t < o.length; t++) {
              theta.addTokenScore(o, t, s * a / o.length / n, g);
            }
          }
        }
        default -> throw new IllegalArgumentException("no sampled estimate for " + m);
      }
    }
    return g;
  }

  /** Leave-one-out advantages within consecutive groups of {@code size}. */
  static double[] leaveOneOut(double[] r, int size) {
    return Advantages.leaveOneOut(r, consecutiveGroups(r.length, size));
  }

  /** Mean-only advantages r_i - mean within consecutive groups of {@code size}. */
  static double[] meanOnly(double[] r, int size) {
    return Advantages.meanOnly(r, consecutiveGroups(r.length, size));
  }

  private static int[] consecutiveGroups(int n, int size) {
    int[] g = new int[n];
    for (int i = 0; i < n; i++) {
      g[i] = i / size;
    }
    return g;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
