package org.grpo4j.rl.exact;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.rl.exact.VarianceExperiment.Estimator;
import org.grpo4j.rl.report.Chart;
import org.grpo4j.rl.report.ChartWriter;

/**
 * Experiment E5 of spec/convergence.md: group size G in {2, 4, 8, 16, 32} at theta = theta_old + delta u. For each
 * estimator the mean squared error of a batch estimate splits into bias^2 = |E g - grad J|^2 (the Monte Carlo mean
 * over many groups, its own noise subtracted) and variance = trace(Cov of one group) / B, with B fixed and with
 * B * G fixed. Writes group-size.csv, group-size.png and summary.md.
 */
public final class GroupSizeExperiment {
  private static final List<Estimator> ESTIMATORS = List.of(Estimator.TIC_LOO, Estimator.TIC_MEAN, Estimator.TIC_STD);

  private GroupSizeExperiment() {}

  /** (bias^2, trace of one group's covariance), both relative to |grad J(theta)|^2, for one G. */
  public static double[] cell(Estimator e, int maxTokens, double delta, int g, int samples, long seed) {
    Reward reward = Reward.exactlyAs(2, 3);
    TokenTree tree = new TokenTree(maxTokens);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, seed);
    double[] u = PrefixSoftmaxPolicy.random(tree, 1.0, seed + 1).parameters();
    PrefixSoftmaxPolicy pi = old.plus(delta / BiasExperiment.norm(u), u);
    double[] truth = ExactGradients.gradient(pi, reward);
    int groups = Math.max(2, samples / g);
    SplittableRandom rng = new SplittableRandom(seed * 31 + g * 7L + e.ordinal());
    double[] sum = new double[truth.length];
    double[] sq = new double[truth.length];
    for (int m = 0; m < groups; m++) {
      double[] est = VarianceExperiment.groupEstimate(e, pi, old, reward, g, rng);
      for (int j = 0; j < est.length; j++) {
        sum[j] += est[j];
        sq[j] += est[j] * est[j];
      }
    }
    double bias2 = 0;
    double trace = 0;
    for (int j = 0; j < truth.length; j++) {
      double mean = sum[j] / groups;
      trace += (sq[j] - groups * mean * mean) / (groups - 1);
      bias2 += (mean - truth[j]) * (mean - truth[j]);
    }
    bias2 = Math.max(0, bias2 - trace / groups); // the Monte Carlo mean's own noise
    double norm2 = BiasExperiment.norm(truth) * BiasExperiment.norm(truth);
    return new double[] {bias2 / norm2, trace / norm2};
  }

  /** Runs every (estimator, G) cell and writes the results into {@code out}; prints the summary. */
  public static void runAndWrite(int maxTokens, double delta, int fixedB, int fixedBg, int samples, long seed,
      Path out, ChartWriter charts, PrintStream log) {
    int[] gs = {2, 4, 8, 16, 32};
    StringBuilder csv = new StringBuilder("estimator,group_size,relative_bias_sq,relative_group_covariance_trace,"
        + "mse_fixed_b,mse_fixed_bg\n");
    StringBuilder md = new StringBuilder("# E5: group size (bias^2 + variance of a batch estimate)\n\n");
    md.append(String.format(Locale.ROOT, "T_max %d, delta %.2f, %d sampled outputs per cell, seed %d; all values "
        + "relative to |grad J(theta)|^2. MSE with B = %d groups, and with B * G = %d outputs.%n%n", maxTokens, delta,
        samples, seed, fixedB, fixedBg));
    md.append("| estimator | G | bias^2 | trace of one group's covariance | MSE, B fixed | MSE, B * G fixed |\n");
    md.append("|---|---|---|---|---|---|\n");
    Map<String, Chart.Series> series = new LinkedHashMap<>();
    for (Estimator e : ESTIMATORS) {
      double[] fixedBMse = new double[gs.length];
      double[] fixedBgMse = new double[gs.length];
      for (int i = 0; i < gs.length; i++) {
        double[] c = cell(e, maxTokens, delta, gs[i], samples, seed);
        fixedBMse[i] = c[0] + c[1] / fixedB;
        fixedBgMse[i] = c[0] + c[1] / Math.max(1.0, (double) fixedBg / gs[i]);
        csv.append(String.format(Locale.ROOT, "%s,%d,%.6e,%.6e,%.6e,%.6e%n", e, gs[i], c[0], c[1], fixedBMse[i],
            fixedBgMse[i]));
        md.append(String.format(Locale.ROOT, "| %s | %d | %.3e | %.3e | %.3e | %.3e |%n", e, gs[i], c[0], c[1],
            fixedBMse[i], fixedBgMse[i]));
      }
      double[] x = java.util.Arrays.stream(gs).asDoubleStream().toArray();
      series.put(e.name() + " (B fixed)", new Chart.Series(x, fixedBMse));
      series.put(e.name() + " (B*G fixed)", new Chart.Series(x, fixedBgMse));
    }
    md.append("\nExpected (spec/convergence.md): at fixed B the noise floor falls like 1/G; the group-mean baseline's "
        + "bias is the (G-1)/G scale, so bias^2 = 1/G^2 relative; the leave-one-out baseline has none. Std-normalized "
        + "advantages estimate grad J / std(r) in the limit, so their distance to grad J here measures that scale, "
        + "not the 1/G^2 normalization bias (which is relative to that limit).\n");
    charts.write(out.resolve("group-size.png"), new Chart(
        "E5: relative MSE of a batch estimate against group size", "G",
        "MSE / |grad J|^2", Chart.Scale.LOG_XY, series));
    ExperimentFiles.write(out, "group-size.csv", csv, md, "group-size.png", log);
  }
}
