package org.grpo4j.rl.exact;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.rl.objective.Advantages;
import org.grpo4j.rl.report.Chart;
import org.grpo4j.rl.report.ChartWriter;

/**
 * Experiment E2 of spec/convergence.md: the Monte Carlo error |mean of M group estimates - grad J(theta)| /
 * |grad J(theta)| against M, at theta = theta_old + delta u, for TIC with leave-one-out advantages (unbiased: the
 * error falls like M^-1/2 at any delta), GRPO's token ratios (unclipped; a floor at its bias once delta > 0) and TIC
 * with group-std-normalized advantages (a floor: normalization biases it); plus the trace of the covariance of one
 * group's estimate, TIC's growing with delta. Writes variance.csv, variance_delta*.png and summary.md.
 */
public final class VarianceExperiment {
  /** The estimators compared. */
  public enum Estimator {
    /** TIC-GRPO, unclipped, leave-one-out advantages. */
    TIC_LOO,
    /** TIC-GRPO, unclipped, group-mean advantages r_i - mean (the sample is in its own baseline: scale (G-1)/G). */
    TIC_MEAN,
    /** GRPO token ratios, unclipped, leave-one-out advantages. */
    GRPO_LOO,
    /** TIC-GRPO, unclipped, group-normalized advantages (sample std, eps 1e-6). */
    TIC_STD
  }

  private VarianceExperiment() {}

  /** The numbers of groups M at which the error is read. */
  public static int[] checkpoints(int maxGroups) {
    return java.util.stream.IntStream.of(10, 30, 100, 300, 1000, 3000, 10000).filter(m -> m <= maxGroups)
        .toArray();
  }

  /** Mean relative error at each checkpoint over {@code reps} repetitions, and the per-group covariance trace. */
  public record Result(double[] meanError, double covarianceTrace, double secondMomentOfRho) {}

  /** Runs one (delta, estimator) cell. */
  public static Result run(int maxTokens, double delta, Estimator e, int groupSize, int maxGroups, int reps,
      long seed) {
    Reward reward = Reward.exactlyAs(2, 3);
    TokenTree tree = new TokenTree(maxTokens);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, seed);
    double[] u = PrefixSoftmaxPolicy.random(tree, 1.0, seed + 1).parameters();
    double un = BiasExperiment.norm(u);
    PrefixSoftmaxPolicy pi = old.plus(delta / un, u);
    double[] truth = ExactGradients.gradient(pi, reward);
    double truthNorm = BiasExperiment.norm(truth);
    int[] cps = checkpoints(maxGroups);
    double[] err = new double[cps.length];
    double[] mean1 = new double[truth.length];
    double[] sq1 = new double[truth.length];
    for (int rep = 0; rep < reps; rep++) {
      SplittableRandom rng = new SplittableRandom(seed * 7919 + rep * 31 + e.ordinal());
      double[] sum = new double[truth.length];
      int next = 0;
      for (int m = 1; m <= cps[cps.length - 1]; m++) {
        double[] g = groupEstimate(e, pi, old, reward, groupSize, rng);
        for (int j = 0; j < g.length; j++) {
          sum[j] += g[j];
          if (rep == 0) {
            mean1[j] += g[j];
            sq1[j] += g[j] * g[j];
          }
        }
        if (m == cps[next]) {
          double d = 0;
          for (int j = 0; j < sum.length; j++) {
            d += (sum[j] / m - truth[j]) * (sum[j] / m - truth[j]);
          }
          err[next] += Math.sqrt(d) / truthNorm / reps;
          next++;
        }
      }
    }
    int total = cps[cps.length - 1];
    double trace = 0;
    for (int j = 0; j < truth.length; j++) {
      double mu = mean1[j] / total;
      trace += sq1[j] / total - mu * mu;
    }
    double rho2 = 0;
    for (int[] o : tree.outputs()) {
      rho2 += Math.exp(2 * pi.logProbability(o) - old.logProbability(o)); // P_old rho^2 = P_theta^2 / P_old
    }
    return new Result(err, trace, rho2);
  }

  /** One group's estimate: G outputs from theta_old, the estimator's mean over them. */
  public static double[] groupEstimate(Estimator e, PrefixSoftmaxPolicy pi, PrefixSoftmaxPolicy old, Reward reward, int g,
      SplittableRandom rng) {
    int[][] outs = new int[g][];
    double[] r = new double[g];
    for (int i = 0; i < g; i++) {
      outs[i] = old.sample(rng);
      r[i] = reward.of(outs[i]);
    }
    double[] adv = switch (e) {
      case TIC_STD -> Advantages.groupNormalized(r, new int[g], Advantages.Std.SAMPLE, 1e-6);
      case TIC_MEAN -> Advantages.meanOnly(r, new int[g]);
      default -> ConvergenceRun.leaveOneOut(r, g);
    };
    Method m = e == Estimator.GRPO_LOO ? Method.GRPO : Method.TIC_NO_CLIP;
    return ConvergenceRun.estimate(m, pi, old, outs, adv, Double.MAX_VALUE); // no clipping
  }

  /** Least-squares slope of log error against log M. */
  public static double slope(int[] m, double[] err) {
    return ExperimentFiles.logLogSlope(java.util.Arrays.stream(m).asDoubleStream().toArray(), err);
  }

  /** Runs every (delta, estimator) cell and writes the results into {@code out}; prints the summary. */
  public static void runAndWrite(int maxTokens, double[] deltas, int groupSize, int maxGroups, int reps, long seed,
      Path out, ChartWriter charts, PrintStream log) {
    int[] cps = checkpoints(maxGroups);
    StringBuilder csv = new StringBuilder("delta,estimator,groups,mean_relative_error\n");
    StringBuilder md = new StringBuilder("# E2: unbiasedness and variance (Monte Carlo against the exact gradient)\n\n");
    md.append(String.format(Locale.ROOT, "T_max %d, groups of %d, %d repetitions, theta = theta_old + delta u (|u| = 1),"
        + " seed %d; unclipped estimators.%n%n", maxTokens, groupSize, reps, seed));
    md.append("| delta | estimator | error at M = ").append(cps[0]).append(" | at M = ").append(cps[cps.length - 1])
        .append(" | log-log slope in M | trace of one group's covariance | E_old[rho^2] |\n|---|---|---|---|---|---|---|\n");
    for (double delta : deltas) {
      Map<String, Chart.Series> series = new LinkedHashMap<>();
      for (Estimator e : Estimator.values()) {
        Result r = run(maxTokens, delta, e, groupSize, maxGroups, reps, seed);
        double[] x = java.util.Arrays.stream(cps).asDoubleStream().toArray();
        series.put(e.name(), new Chart.Series(x, r.meanError()));
        for (int i = 0; i < cps.length; i++) {
          csv.append(String.format(Locale.ROOT, "%.3f,%s,%d,%.6e%n", delta, e, cps[i], r.meanError()[i]));
        }
        md.append(String.format(Locale.ROOT, "| %.2f | %s | %.4f | %.4f | %.3f | %.4e | %.4f |%n", delta, e,
            r.meanError()[0], r.meanError()[cps.length - 1], slope(cps, r.meanError()), r.covarianceTrace(),
            r.secondMomentOfRho()));
      }
      charts.write(out.resolve(String.format(Locale.ROOT, "variance_delta%.2f.png", delta)), new Chart(
          String.format(Locale.ROOT, "E2: Monte Carlo error of the mean estimate (delta = %.2f)", delta),
          "groups M", "|mean g - grad J(theta)| / |grad J(theta)|", Chart.Scale.LOG_XY, series));
    }
    md.append("\nExpected (spec/convergence.md): slope -1/2 for TIC with the leave-one-out baseline at every delta; "
        + "GRPO flattens onto its bias once delta > 0; std-normalized advantages give a floor. TIC's variance is "
        + "bounded through E_old[rho^2]; whether the covariance itself grows depends on the direction, as the "
        + "gradient's own size changes with theta.\n");
    ExperimentFiles.write(out, "variance.csv", csv, md, "variance_delta*.png", log);
  }
}
