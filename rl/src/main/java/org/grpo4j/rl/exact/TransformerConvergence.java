package org.grpo4j.rl.exact;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.rl.report.ChartWriter;

/**
 * The bridge's E3: training runs with the tiny transformer ({@link TransformerPolicy}) as the policy of the token
 * tree. Each iteration draws B groups of G outputs from theta_old (exactly, from the enumerated output
 * distribution), takes K steps (SGD or Adam, {@link StepRule}) along the estimator's batch gradient (its rl.objective loss through the engine and
 * the model) and records the exact J(theta), |grad J(theta)|^2 (by enumeration) and the clip fraction. Curves, bands and slopes as in
 * {@link ConvergenceExperiment}; writes the same files.
 */
public final class TransformerConvergence {
  /** The estimators trained. */
  public static final List<Estimator> ESTIMATORS = List.of(Estimator.EXACT_PG, Estimator.GRPO,
      Estimator.NO_IS_FROZEN, Estimator.TIC, Estimator.GSPO);

  /**
   * c in the SGD step eta = c / sqrt(N): |grad J|^2 starts near 4.5 (every parameter feeds every logit), and in trials
   * constant steps of 0.5 and 2 overshot into a policy that never earns the reward, while 0.05 climbed to J 0.99 in 40
   * iterations.
   */
  public static final double SGD_ETA_SCALE = 0.3;
  /** c in Adam's eta = c / sqrt(N): Adam moves every parameter by about eta per step whatever its gradient. */
  public static final double ADAM_ETA_SCALE = 0.03;
  /** The constant SGD step of the suite's constant-step run (the step that climbed without overshooting). */
  public static final double CONSTANT_ETA = 0.05;

  private TransformerConvergence() {}

  /** Model size, tree length and training settings, bounded before anything is allocated. */
  public record Config(int maxTokens, int layers, int width, int iterations, int groups, int groupSize,
      int innerSteps, double eta, Clip clip, int seeds, StepRule rule) {
    /** Checks every setting and names the bad one. */
    public Config {
      ExperimentFiles.bounded("bridge E3 max tokens", maxTokens, 2, 6);
      ExperimentFiles.bounded("bridge E3 layers", layers, 1, 4);
      ExperimentFiles.bounded("bridge E3 width", width, 4, 64);
      ExperimentFiles.bounded("bridge E3 iterations", iterations, 2, 100_000);
      ExperimentFiles.bounded("bridge E3 groups", groups, 1, 64);
      ExperimentFiles.bounded("bridge E3 group size", groupSize, 2, 64);
      ExperimentFiles.bounded("bridge E3 inner steps", innerSteps, 1, 64);
      ExperimentFiles.bounded("bridge E3 seeds", seeds, 2, 100);
      if (!(eta > 0) || Double.isInfinite(eta) || clip == null || rule == null) {
        throw new IllegalArgumentException("bridge E3: eta " + eta + " must be finite and > 0, clip " + clip
            + " and step rule " + rule + " given");
      }
    }

    /** Trained with SGD. */
    public Config(int maxTokens, int layers, int width, int iterations, int groups, int groupSize, int innerSteps,
        double eta, Clip clip, int seeds) {
      this(maxTokens, layers, width, iterations, groups, groupSize, innerSteps, eta, clip, seeds, StepRule.SGD);
    }

    /** This config with another step rule and step size. */
    public Config with(StepRule r, double newEta) {
      return new Config(maxTokens, layers, width, iterations, groups, groupSize, innerSteps, newEta, clip, seeds, r);
    }
  }

  /** One run of {@code e}: theta_0 from {@code initSeed}, sampling from {@code seed}. */
  public static ConvergenceRun.Trace run(Estimator e, Config c, Reward reward, long initSeed, long seed) {
    TransformerPolicy policy = new TransformerPolicy(new TokenTree(c.maxTokens()), c.layers(), c.width(), 0.5,
        initSeed);
    List<int[]> all = policy.tree().outputs();
    double[] rAll = all.stream().mapToDouble(reward::of).toArray();
    SplittableRandom rng = new SplittableRandom(seed);
    int n = c.groups() * c.groupSize();
    double[] objective = new double[c.iterations()];
    double[] gradSq = new double[c.iterations()];
    double[] clipped = new double[c.iterations()];
    double[] p = policy.probabilities();
    StepRule.Stepper stepper = c.rule().stepper(policy.parameters().length, c.eta());
    for (int it = 0; it < c.iterations(); it++) {
      double[] cumulative = cumulative(p);
      List<int[]> outs = new ArrayList<>(n);
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        int k = draw(cumulative, rng.nextDouble());
        outs.add(all.get(k));
        r[i] = rAll[k];
      }
      double[] adv = e.baseline().advantages(r, c.groupSize());
      double[][] oldLogp = policy.tokenLogProbs(outs);
      double[] frozen = e.atOldPolicy() ? policy.estimate(e, c.clip(), outs, oldLogp, adv) : null;
      double[] theta = policy.parameters();
      double[] fraction = new double[1];
      for (int k = 0; k < c.innerSteps(); k++) {
        double[] g = e == Estimator.EXACT_PG ? policy.gradient(reward, k == 0 ? p : policy.probabilities())
            : frozen != null ? frozen : policy.estimate(e, c.clip(), outs, oldLogp, adv, fraction);
        clipped[it] += fraction[0] / c.innerSteps();
        double[] step = stepper.step(g);
        for (int i = 0; i < theta.length; i++) {
          theta[i] += step[i];
        }
        policy.setParameters(theta);
      }
      p = policy.probabilities();
      double[] grad = policy.gradient(reward, p);
      for (int i = 0; i < p.length; i++) {
        objective[it] += p[i] * rAll[i];
      }
      gradSq[it] = dot(grad, grad);
    }
    return new ConvergenceRun.Trace(objective, gradSq, clipped);
  }

  /** The first model seed from {@code seed} whose J(theta_0) lies in [0.05, 0.5] (the spec's range), by enumeration. */
  public static long modelSeed(Config c, long seed) {
    for (long s = seed; s < seed + 100; s++) {
      double j = initialObjective(c, s);
      if (j >= 0.05 && j <= 0.5) {
        return s;
      }
    }
    throw new IllegalArgumentException("bridge E3: no model seed in [" + seed + ", " + (seed + 100)
        + ") gives J(theta_0) in [0.05, 0.5]");
  }

  /** Every estimator of {@link #ESTIMATORS} over the seeds, from the same theta_0 (model seed {@code seed}). */
  public static Map<Estimator, ConvergenceExperiment.Curves> run(Config c, long seed) {
    return run(c, ESTIMATORS, seed);
  }

  /** {@code estimators} over the seeds, from the same theta_0 (model seed {@code seed}). */
  public static Map<Estimator, ConvergenceExperiment.Curves> run(Config c, List<Estimator> estimators, long seed) {
    Reward reward = Reward.exactlyAs(2, 3);
    Map<Estimator, ConvergenceExperiment.Curves> out = new EnumMap<>(Estimator.class);
    for (Estimator e : estimators) {
      ConvergenceRun.Trace[] traces = new ConvergenceRun.Trace[c.seeds()];
      for (int s = 0; s < c.seeds(); s++) {
        traces[s] = run(e, c, reward, seed, seed * 1000 + s);
      }
      out.put(e, ConvergenceExperiment.curves(traces));
    }
    return out;
  }

  /** J(theta_0) of the model {@link #run} starts from. */
  public static double initialObjective(Config c, long seed) {
    return new TransformerPolicy(new TokenTree(c.maxTokens()), c.layers(), c.width(), 0.5, seed)
        .objective(Reward.exactlyAs(2, 3));
  }

  /** Runs, writes convergence.csv, the two PNGs and summary.md into {@code out}, and returns the curves. */
  public static Map<Estimator, ConvergenceExperiment.Curves> runAndWrite(Config c, long seed, Path out,
      ChartWriter charts, PrintStream log) {
    return runAndWrite(c, ESTIMATORS, seed, out, charts, log);
  }

  /** As {@link #runAndWrite(Config, long, Path, ChartWriter, PrintStream)} for {@code estimators} only. */
  public static Map<Estimator, ConvergenceExperiment.Curves> runAndWrite(Config c, List<Estimator> estimators,
      long seed, Path out, ChartWriter charts, PrintStream log) {
    long model = modelSeed(c, seed);
    Map<Estimator, ConvergenceExperiment.Curves> curves = run(c, estimators, model);
    String setup = String.format(Locale.ROOT, "GPT (float64, %d layer(s), width %d, 2 heads) over {a, b, EOS}, "
        + "prompt [EOS], T_max %d, J(theta_0) = %.4f; N %d iterations, %d groups of %d drawn exactly from the "
        + "enumerated output distribution, K %d %s steps of eta %.4g along each estimator's rl.objective gradient "
        + "through the model, clip %s, %d sampling seeds, theta_0: model seed %d (the first from %d with J(theta_0) in"
        + " [0.05, 0.5]); exact J and |grad J|^2 by enumeration.",
        c.layers(), c.width(), c.maxTokens(), initialObjective(c, model), c.iterations(), c.groups(), c.groupSize(),
        c.innerSteps(), c.rule(), c.eta(), c.clip(), c.seeds(), model, seed);
    ConvergenceExperiment.write(curves, "Bridge E3 (" + c.rule() + "): convergence with the tiny transformer as the "
        + "policy", setup, out,
        charts, log);
    return curves;
  }

  private static double[] cumulative(double[] p) {
    double[] c = new double[p.length];
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += p[i];
      c[i] = s;
    }
    return c;
  }

  /** The first index whose cumulative probability exceeds u * total (binary search). */
  private static int draw(double[] cumulative, double u) {
    double target = u * cumulative[cumulative.length - 1];
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
