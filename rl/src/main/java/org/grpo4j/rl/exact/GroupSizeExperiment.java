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
 * Experiment E5 of spec/convergence.md: group size G in {2, 4, 8, 16, 32} at theta = theta_old + delta u. For each
 * variant the mean squared error of a batch estimate splits into bias^2 = |E g - grad J|^2 (the Monte Carlo mean
 * over many groups, its own noise subtracted) and variance = trace(Cov of one group) / B, with B fixed and with
 * B * G fixed. The samples are split into 10 independent chunks: each number is their mean with a 95% t interval.
 * Writes group-size.csv, group-size.png and summary.md.
 */
public final class GroupSizeExperiment {
  /** The variants compared (unclipped TIC with each baseline). */
  public static final List<Variant> VARIANTS = List.of(
      Variant.unclipped(Estimator.TIC_NO_CLIP, Baseline.LEAVE_ONE_OUT),
      Variant.unclipped(Estimator.TIC_NO_CLIP, Baseline.GROUP_MEAN),
      Variant.unclipped(Estimator.TIC_NO_CLIP, Baseline.GROUP_STD));
  /** Files it writes (checked before any work). */
  public static final List<String> FILES = List.of("group-size.csv", "summary.md", "group-size.png");
  private static final int CHUNKS = 10;

  private GroupSizeExperiment() {}

  /** bias^2 and one group's covariance trace, both relative to |grad J(theta)|^2, with intervals over chunks. */
  public record Cell(Interval relativeBiasSq, Interval relativeTrace) {}

  /** One (variant, G) cell from about {@code samples} sampled outputs. */
  public static Cell cell(Variant v, int maxTokens, double delta, int g, int samples, long seed) {
    ExperimentFiles.bounded("samples", samples, 20 * g, 10_000_000);
    Reward reward = Reward.exactlyAs(2, 3);
    TokenTree tree = new TokenTree(maxTokens);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, seed);
    double[] u = ExperimentFiles.unit(PrefixSoftmaxPolicy.random(tree, 1.0, seed + 1).parameters());
    PrefixSoftmaxPolicy pi = old.plus(delta, u);
    double[] truth = ExactGradients.gradient(pi, reward);
    double norm2 = Math.pow(ExperimentFiles.norm(truth), 2);
    int groups = Math.max(2, samples / g / CHUNKS);
    SplittableRandom rng = new SplittableRandom(seed * 31 + g * 7L + v.name().hashCode());
    double[] bias2 = new double[CHUNKS];
    double[] trace = new double[CHUNKS];
    for (int c = 0; c < CHUNKS; c++) {
      double[] sum = new double[truth.length];
      double[] sq = new double[truth.length];
      for (int m = 0; m < groups; m++) {
        double[] est = v.groupEstimate(pi, old, reward, g, rng);
        for (int j = 0; j < est.length; j++) {
          sum[j] += est[j];
          sq[j] += est[j] * est[j];
        }
      }
      double b2 = 0;
      double tr = 0;
      for (int j = 0; j < truth.length; j++) {
        double mean = sum[j] / groups;
        tr += (sq[j] - groups * mean * mean) / (groups - 1);
        b2 += (mean - truth[j]) * (mean - truth[j]);
      }
      bias2[c] = (b2 - tr / groups) / norm2; // the chunk mean's own noise removed: unbiased for |E g - grad J|^2
      trace[c] = tr / norm2;
    }
    return new Cell(Stats.mean(bias2), Stats.mean(trace));
  }

  /** Runs every (variant, G) cell, writes the results into {@code out}, prints the summary; cells by "variant/G". */
  public static Map<String, Cell> runAndWrite(int maxTokens, double delta, int fixedB, int fixedBg, int samples, long seed,
      Path out, ChartWriter charts, PrintStream log) {
    int[] gs = {2, 4, 8, 16, 32};
    StringBuilder csv = new StringBuilder("variant,group_size,relative_bias_sq,bias_sq_ci_low,bias_sq_ci_high,"
        + "relative_group_covariance_trace,mse_fixed_b,mse_fixed_bg\n");
    StringBuilder md = new StringBuilder("# E5: group size (bias^2 + variance of a batch estimate)\n\n");
    md.append(String.format(Locale.ROOT, "T_max %d, delta %.2f, about %d sampled outputs per cell in %d chunks, seed"
        + " %d; all values relative to |grad J(theta)|^2, with 95%% t intervals over chunks. MSE with B = %d groups,"
        + " and with B * G = %d outputs.%n%n", maxTokens, delta, samples, CHUNKS, seed, fixedB, fixedBg));
    md.append("| variant | G | bias^2 [95%] | G^2 bias^2 | one group's covariance trace [95%] | MSE, B fixed |"
        + " MSE, B * G fixed |\n|---|---|---|---|---|---|---|\n");
    Map<String, Chart.Series> series = new LinkedHashMap<>();
    Map<String, Cell> cells = new LinkedHashMap<>();
    double[] x = ExperimentFiles.doubles(gs);
    for (Variant v : VARIANTS) {
      double[] fixedBMse = new double[gs.length];
      double[] fixedBgMse = new double[gs.length];
      for (int i = 0; i < gs.length; i++) {
        Cell c = cell(v, maxTokens, delta, gs[i], samples, seed);
        cells.put(v.name() + "/" + gs[i], c);
        double b2 = c.relativeBiasSq().value();
        double tr = c.relativeTrace().value();
        fixedBMse[i] = Math.max(b2 + tr / fixedB, 1e-12);
        fixedBgMse[i] = Math.max(b2 + tr / Math.max(1.0, (double) fixedBg / gs[i]), 1e-12);
        csv.append(String.format(Locale.ROOT, "%s,%d,%.6e,%.6e,%.6e,%.6e,%.6e,%.6e%n", v.name(), gs[i], b2,
            c.relativeBiasSq().low(), c.relativeBiasSq().high(), tr, fixedBMse[i], fixedBgMse[i]));
        md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f | %s | %.3e | %.3e |%n", v.name(), gs[i],
            c.relativeBiasSq().format(3), b2 * gs[i] * gs[i], c.relativeTrace().format(3), fixedBMse[i],
            fixedBgMse[i]));
      }
      series.put(v.name() + " (B fixed)", new Chart.Series(x, fixedBMse));
      series.put(v.name() + " (B*G fixed)", new Chart.Series(x, fixedBgMse));
    }
    md.append("\nExpected (spec/convergence.md): at fixed B the noise floor falls like 1/G; the group-mean baseline's "
        + "bias is the (G-1)/G scale, so G^2 bias^2 = 1; the leave-one-out baseline has none. Std-normalized "
        + "advantages estimate grad J / std(r) in the limit, so their distance to grad J here measures that scale.\n");
    charts.write(out.resolve("group-size.png"), new Chart(
        "E5: relative MSE of a batch estimate against group size", "G",
        "MSE / |grad J|^2", Chart.Scale.LOG_XY, series));
    ExperimentFiles.write(out, "group-size.csv", csv, md, "group-size.png", log);
    return cells;
  }
}
