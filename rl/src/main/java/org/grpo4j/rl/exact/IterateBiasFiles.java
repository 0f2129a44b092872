package org.grpo4j.rl.exact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.grpo4j.nn.io.AtomicFiles;
import org.grpo4j.rl.report.Chart;
import org.grpo4j.rl.report.ChartWriter;

/** Writes {@link IterateBias}'s iterates.csv, iterates_T*_*.png and its section of E1's summary.md. */
final class IterateBiasFiles {
  private IterateBiasFiles() {}

  /** Writes iterates.csv and one plot per length and step rule into {@code out}; returns the summary section. */
  static String write(IterateBias.Result res, int[] maxTokens, int seeds, Path out, ChartWriter charts) {
    StringBuilder csv = new StringBuilder("max_tokens,step_rule,estimator,seed,first_step,step,distance,"
        + "relative_bias\n");
    for (IterateBias.Point p : res.points()) {
      csv.append(String.format(Locale.ROOT, "%d,%s,%s,%d,%.1e,%d,%.6e,%.6e%n", p.maxTokens(), p.rule(),
          p.estimator(), p.seed(), IterateBias.FIRST_STEPS[p.target()], p.step(), p.distance(), p.relativeBias()));
    }
    try {
      Files.createDirectories(out);
      AtomicFiles.writeString(out.resolve("iterates.csv"), csv.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write iterates.csv to " + out, e);
    }
    StringBuilder md = new StringBuilder("\n## Along real inner-step iterates\n\n");
    md.append(String.format(Locale.ROOT, "From each seed's theta_old, %d steps of SGD or Adam (bias-corrected, no "
        + "weight decay) along GRPO's sampled gradient at each iterate (one batch of %d groups of %d drawn at "
        + "theta_old, clip 0.2, leave-one-out advantages, as a trainer's inner loop), eta set so the first step has "
        + "length %s, a fresh run per length. At every iterate theta_k, each estimator's exact relative bias against "
        + "grad J(theta_k) versus |theta_k - theta_old|. Slopes: per seed over every iterate within distance %.2g "
        + "(and %.2g), mean and 95%% t interval over %d seeds. Plots iterates_T*_*.png: per (first step, k) cell, "
        + "seed means of distance and bias with the min-max band of the bias.%n%n", IterateBias.INNER_STEPS,
        IterateBias.GROUPS, IterateBias.GROUP_SIZE, Arrays.toString(IterateBias.FIRST_STEPS),
        IterateBias.FIT_MAX_DISTANCE, IterateBias.FIT_MAX_DISTANCE / 10, seeds));
    md.append("| T_max | step rule | estimator | largest distance (seed mean) | log-log slope, distance <= 0.1 [95%] |"
        + " slope, distance <= 0.01 [95%] |\n|---|---|---|---|---|---|\n");
    for (int t : maxTokens) {
      for (StepRule rule : StepRule.values()) {
        Map<String, Chart.Series> series = new LinkedHashMap<>();
        for (Estimator e : BiasExperiment.ESTIMATORS) {
          double[][] band = band(res.points(), t, rule, e, seeds);
          series.put(e.name(), new Chart.Series(band[0], band[1], band[2], band[3]));
          Interval s = res.slope(t, rule, e);
          Interval s2 = res.smallSlope(t, rule, e);
          md.append(String.format(Locale.ROOT, "| %d | %s | %s | %.3e | %s | %s |%n", t, rule, e,
              Arrays.stream(band[0]).max().orElseThrow(), s == null ? "- (at machine precision)" : s.format(4),
              s2 == null ? "-" : s2.format(4)));
        }
        charts.write(out.resolve("iterates_T" + t + "_" + rule.name().toLowerCase(Locale.ROOT) + ".png"),
            new Chart("E1 along " + rule + " iterates of GRPO (T_max = " + t + ", seed mean, min-max band)",
                "|theta_k - theta_old|", "|E g - grad J(theta_k)| / |grad J(theta_k)|", Chart.Scale.LOG_XY, series));
      }
    }
    md.append(String.format(Locale.ROOT, "%nTIC's largest relative bias over every iterate: %.3e.%n",
        res.ticMaxRelativeBias()));
    md.append("\nExpected: as on the straight line, GRPO and no-IS slope about 1 (the bias is first order in "
        + "theta_k - theta_old whatever path led there), TIC at machine precision, GSPO biased from the start.\n");
    return md.toString();
  }

  /** Per (first step, k) cell sorted by distance: seed-mean distance, seed-mean, min and max relative bias. */
  private static double[][] band(List<IterateBias.Point> points, int t, StepRule rule, Estimator e, int seeds) {
    int cells = IterateBias.FIRST_STEPS.length * IterateBias.INNER_STEPS;
    double[][] sum = new double[4][cells];
    Arrays.fill(sum[2], Double.POSITIVE_INFINITY);
    for (IterateBias.Point p : points) {
      if (p.maxTokens() == t && p.rule() == rule && p.estimator() == e) {
        int c = p.target() * IterateBias.INNER_STEPS + p.step() - 1;
        double b = Math.max(p.relativeBias(), 1e-17); // log axes
        sum[0][c] += p.distance() / seeds;
        sum[1][c] += b / seeds;
        sum[2][c] = Math.min(sum[2][c], b);
        sum[3][c] = Math.max(sum[3][c], b);
      }
    }
    Integer[] order = new Integer[cells];
    for (int i = 0; i < cells; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(sum[0][a], sum[0][b]));
    double[][] out = new double[4][cells];
    for (int i = 0; i < cells; i++) {
      for (int r = 0; r < 4; r++) {
        out[r][i] = sum[r][order[i]];
      }
    }
    return out;
  }
}
