package org.grpo4j.rl.exact;

import java.util.SplittableRandom;

/**
 * One training run on the token tree (experiment E3): each of N iterations samples B groups of G outputs from
 * theta_old, forms the estimator's advantages within each group, and takes K ascent steps of size eta with the
 * estimator's gradient ({@link TreeEstimates}) through a {@link StepRule} (SGD or Adam); after every iteration the
 * exact J(theta), |grad J(theta)|^2 and the fraction of clipped terms over the inner steps are recorded.
 */
public final class ConvergenceRun {
  /** Largest iteration count a run accepts. */
  public static final int MAX_ITERATIONS = 1_000_000;
  /** Largest number of outputs B * G per iteration. */
  public static final int MAX_BATCH = 100_000;

  /** Settings of a run, bounded before anything is allocated. */
  public record Config(int maxTokens, int iterations, int groups, int groupSize, int innerSteps, double eta,
      Clip clip, PolicyContext context, StepRule rule) {
    /** Checks every setting and names the bad one. */
    public Config {
      if (maxTokens < 1 || maxTokens > 12) {
        throw new IllegalArgumentException("convergence run: max tokens " + maxTokens + " must be in [1, 12]");
      }
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException("convergence run: iterations " + iterations + " must be in [1, "
            + MAX_ITERATIONS + "]");
      }
      if (groups < 1 || groupSize < 2 || (long) groups * groupSize > MAX_BATCH) {
        throw new IllegalArgumentException("convergence run: " + groups + " groups of " + groupSize
            + " outputs; expected groups >= 1, group size >= 2 and at most " + MAX_BATCH + " outputs in all");
      }
      if (innerSteps < 1 || innerSteps > 1000) {
        throw new IllegalArgumentException("convergence run: inner steps " + innerSteps + " must be in [1, 1000]");
      }
      if (!(eta > 0) || Double.isInfinite(eta)) {
        throw new IllegalArgumentException("convergence run: eta " + eta + " must be finite and > 0");
      }
      if (clip == null || context == null || rule == null) {
        throw new IllegalArgumentException("convergence run: clip ranges, policy context and step rule are required,"
            + " got "
            + clip + ", " + context + ", " + rule);
      }
    }

    /** The tabular policy trained with SGD. */
    public Config(int maxTokens, int iterations, int groups, int groupSize, int innerSteps, double eta, Clip clip) {
      this(maxTokens, iterations, groups, groupSize, innerSteps, eta, clip, PolicyContext.PREFIX, StepRule.SGD);
    }

    /** This config with another step rule and step size. */
    public Config with(StepRule r, double newEta) {
      return new Config(maxTokens, iterations, groups, groupSize, innerSteps, newEta, clip, context, r);
    }
  }

  /**
   * Exact J(theta_n) and |grad J(theta_n)|^2 after each iteration n = 1..N, and the fraction of the estimator's
   * clipped terms (tokens or outputs, {@link TreeEstimates#clipFraction}) averaged over the iteration's inner steps.
   */
  public record Trace(double[] objective, double[] gradNormSq, double[] clipFraction) {}

  private ConvergenceRun() {}

  /** Runs {@code e} from theta_0 (fixed by {@code initSeed}) with sampling seeded by {@code seed}. */
  public static Trace run(Estimator e, Config c, Reward reward, long initSeed, long seed) {
    TokenTree tree = new TokenTree(c.maxTokens());
    PrefixSoftmaxPolicy theta = PrefixSoftmaxPolicy.random(tree, c.context(), 0.7, initSeed);
    StepRule.Stepper stepper = c.rule().stepper(theta.parameters().length, c.eta());
    SplittableRandom rng = new SplittableRandom(seed);
    int n = c.groups() * c.groupSize();
    double[] objective = new double[c.iterations()];
    double[] gradSq = new double[c.iterations()];
    double[] clipped = new double[c.iterations()];
    for (int it = 0; it < c.iterations(); it++) {
      PrefixSoftmaxPolicy old = theta;
      int[][] outs = new int[n][];
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        outs[i] = old.sample(rng);
        r[i] = reward.of(outs[i]);
      }
      double[] adv = e.baseline().advantages(r, c.groupSize());
      double[] frozen = e.atOldPolicy() ? TreeEstimates.estimate(e, c.clip(), old, old, outs, adv) : null;
      for (int k = 0; k < c.innerSteps(); k++) {
        double[] g = e == Estimator.EXACT_PG ? ExactGradients.gradient(theta, reward)
            : frozen != null ? frozen : TreeEstimates.estimate(e, c.clip(), theta, old, outs, adv);
        if (e.sampled() && frozen == null) {
          clipped[it] += TreeEstimates.clipFraction(e, c.clip(), theta, old, outs, adv) / c.innerSteps();
        }
        theta = theta.plus(1, stepper.step(g));
      }
      double[] grad = ExactGradients.gradient(theta, reward);
      objective[it] = ExactGradients.objective(theta, reward);
      gradSq[it] = dot(grad, grad);
    }
    return new Trace(objective, gradSq, clipped);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
