package org.grpo4j.rl.exact;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.rl.report.Chart;
import org.grpo4j.rl.report.ChartWriter;

/**
 * Experiment E2 of spec/convergence.md: the Monte Carlo error |mean of M group estimates - grad J(theta)| /
 * |grad J(theta)| against M, at theta = theta_old + delta u, for unclipped TIC with leave-one-out, group-mean and
 * group-std advantages and GRPO's token ratios with leave-one-out advantages; plus the trace of one group's
 * covariance. Every number is a mean over repetitions with its standard error; slopes per repetition, a 95% t
 * interval over them. Writes variance.csv, variance_delta*.png (bands: +-2 standard errors) and summary.md.
 */
public final class VarianceExperiment {
  /** The variants compared. */
  public static final List<Variant> VARIANTS = List.of(
      Variant.unclipped(Estimator.TIC_NO_CLIP, Baseline.LEAVE_ONE_OUT),
      Variant.unclipped(Estimator.TIC_NO_CLIP, Baseline.GROUP_MEAN),
      Variant.unclipped(Estimator.GRPO, Baseline.LEAVE_ONE_OUT),
      Variant.unclipped(Estimator.TIC_NO_CLIP, Baseline.GROUP_STD));
  /** Files it writes (checked before any work). */
  public static final List<String> FILES = List.of("variance.csv", "summary.md", "variance_delta*");

  private VarianceExperiment() {}

  /** The numbers of groups M at which the error is read. */
  public static int[] checkpoints(int maxGroups) {
    return java.util.stream.IntStream.of(10, 30, 100, 300, 1000, 3000, 10000).filter(m -> m <= maxGroups)
        .toArray();
  }

  /**
   * Per checkpoint the mean relative error and its standard error over repetitions; the slope interval; the trace of
   * one group's covariance relative to |grad J|^2 (mean over repetitions, with its interval); E_old[rho^2] (exact).
   */
  public record Result(double[] meanError, double[] errorStandardError, Interval slope, Interval covarianceTrace,
      double secondMomentOfRho) {}

  /** Runs one (delta, variant) cell with {@code reps} repetitions of {@code maxGroups} groups. */
  public static Result run(int maxTokens, double delta, Variant v, int groupSize, int maxGroups, int reps,
      long seed) {
    ExperimentFiles.bounded("groups", maxGroups, 30, 10_000); // two checkpoints at least
    ExperimentFiles.bounded("repetitions", reps, 1, 1000);
    ExperimentFiles.bounded("group size", groupSize, 2, 1024);
    Reward reward = Reward.exactlyAs(2, 3);
    TokenTree tree = new TokenTree(maxTokens);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, seed);
    double[] u = ExperimentFiles.unit(PrefixSoftmaxPolicy.random(tree, 1.0, seed + 1).parameters());
    PrefixSoftmaxPolicy pi = old.plus(delta, u);
    double[] truth = ExactGradients.gradient(pi, reward);
    double truthNorm = ExperimentFiles.norm(truth);
    int[] cps = checkpoints(maxGroups);
    double[][] err = new double[cps.length][reps];
    double[] slopes = new double[reps];
    double[] traces = new double[reps];
    int total = cps[cps.length - 1];
    for (int rep = 0; rep < reps; rep++) {
      SplittableRandom rng = new SplittableRandom(seed * 7919 + rep * 31L + v.name().hashCode());
      double[] sum = new double[truth.length];
      double[] sq = new double[truth.length];
      int next = 0;
      for (int m = 1; m <= total; m++) {
        double[] g = v.groupEstimate(pi, old, reward, groupSize, rng);
        for (int j = 0; j < g.length; j++) {
          sum[j] += g[j];
          sq[j] += g[j] * g[j];
        }
        if (m == cps[next]) {
          double d = 0;
          for (int j = 0; j < sum.length; j++) {
            d += (sum[j] / m - truth[j]) * (sum[j] / m - truth[j]);
          }
          err[next++][rep] = Math.sqrt(d) / truthNorm;
        }
      }
      double[] curve = new double[cps.length];
      for (int i = 0; i < cps.length; i++) {
        curve[i] = err[i][rep];
      }
      slopes[rep] = Stats.logLogPointSlope(ExperimentFiles.doubles(cps), curve);
      for (int j = 0; j < truth.length; j++) {
        double mu = sum[j] / total;
        traces[rep] += (sq[j] - total * mu * mu) / (total - 1) / (truthNorm * truthNorm);
      }
    }
    double[] mean = new double[cps.length];
    double[] se = new double[cps.length];
    for (int i = 0; i < cps.length; i++) {
      mean[i] = java.util.Arrays.stream(err[i]).average().orElseThrow();
      se[i] = Stats.standardError(err[i]);
    }
    Interval slope = reps > 1 ? Stats.mean(slopes) : Stats.logLogSlope(ExperimentFiles.doubles(cps), mean);
    double rho2 = 0;
    for (int[] o : tree.outputs()) {
      rho2 += Math.exp(2 * pi.logProbability(o) - old.logProbability(o)); // P_old rho^2 = P_theta^2 / P_old
    }
    return new Result(mean, se, slope, Stats.mean(traces), rho2);
  }

  /** Runs every (delta, variant) cell, writes the results into {@code out}, prints and returns the slopes. */
  public static Map<String, Interval> runAndWrite(int maxTokens, double[] deltas, int groupSize, int maxGroups,
      int reps, long seed, Path out, ChartWriter charts, PrintStream log) {
    int[] cps = checkpoints(maxGroups);
    Map<String, Interval> slopes = new LinkedHashMap<>();
    StringBuilder csv = new StringBuilder("delta,variant,groups,mean_relative_error,standard_error\n");
    StringBuilder md = new StringBuilder("# E2: unbiasedness and variance (Monte Carlo against the exact gradient)\n\n");
    md.append(String.format(Locale.ROOT, "T_max %d, groups of %d, %d repetitions, theta = theta_old + delta u (|u| = 1),"
        + " seed %d; unclipped estimators. Errors: mean over repetitions +- standard error; slopes: per repetition, "
        + "mean with a 95%% t interval; covariance trace relative to |grad J(theta)|^2.%n%n", maxTokens, groupSize,
        reps, seed));
    md.append("| delta | variant | error at M = ").append(cps[0]).append(" | at M = ").append(cps[cps.length - 1])
        .append(" | log-log slope in M [95%] | one group's covariance trace [95%] | E_old[rho^2] |\n")
        .append("|---|---|---|---|---|---|---|\n");
    double[] x = ExperimentFiles.doubles(cps);
    for (double delta : deltas) {
      Map<String, Chart.Series> series = new LinkedHashMap<>();
      for (Variant v : VARIANTS) {
        Result r = run(maxTokens, delta, v, groupSize, maxGroups, reps, seed);
        slopes.put(slopeKey(v, delta), r.slope());
        double[] lo = new double[cps.length];
        double[] hi = new double[cps.length];
        for (int i = 0; i < cps.length; i++) {
          lo[i] = Math.max(r.meanError()[i] - 2 * r.errorStandardError()[i], r.meanError()[i] * 1e-3);
          hi[i] = r.meanError()[i] + 2 * r.errorStandardError()[i];
          csv.append(String.format(Locale.ROOT, "%.3f,%s,%d,%.6e,%.3e%n", delta, v.name(), cps[i], r.meanError()[i],
              r.errorStandardError()[i]));
        }
        series.put(v.name(), new Chart.Series(x, r.meanError(), lo, hi));
        int last = cps.length - 1;
        md.append(String.format(Locale.ROOT, "| %.2f | %s | %.4f +- %.4f | %.4f +- %.4f | %s | %s | %.4f |%n", delta,
            v.name(), r.meanError()[0], r.errorStandardError()[0], r.meanError()[last], r.errorStandardError()[last],
            r.slope().format(3), r.covarianceTrace().format(3), r.secondMomentOfRho()));
      }
      charts.write(out.resolve(String.format(Locale.ROOT, "variance_delta%.2f.png", delta)), new Chart(
          String.format(Locale.ROOT, "E2: Monte Carlo error of the mean estimate (delta = %.2f, +-2 s.e.)", delta),
          "groups M", "|mean g - grad J(theta)| / |grad J(theta)|", Chart.Scale.LOG_XY, series));
    }
    md.append("\nExpected (spec/convergence.md): slope -1/2 for TIC with the leave-one-out baseline at every delta; "
        + "GRPO flattens onto its bias once delta > 0; group-mean and std-normalized advantages give a floor. TIC's "
        + "variance is bounded through E_old[rho^2].\n");
    ExperimentFiles.write(out, "variance.csv", csv, md, "variance_delta*.png", log);
    return slopes;
  }

  /** The key of a slope in {@link #runAndWrite}'s result: "TIC_NO_CLIP/LEAVE_ONE_OUT@3.00". */
  public static String slopeKey(Variant v, double delta) {
    return String.format(Locale.ROOT, "%s@%.2f", v.name(), delta);
  }
}
