package org.grpo4j.rl.exact;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.grpo4j.rl.report.Chart;
import org.grpo4j.rl.report.ChartWriter;

/**
 * Experiment E4 of spec/convergence.md: a grid of inner steps K and step sizes eta at a fixed budget of N * K
 * updates; for each estimator the final gap max J - J(theta_N) (max J = 1 for a 0/1 reward some output earns) and
 * the average of |grad J|^2 over the run, each a seed mean with a 95% t interval. Writes staleness.csv, one PNG
 * per step size (bands: the intervals) and summary.md.
 */
public final class StalenessExperiment {
  /** The estimators compared. */
  public static final List<Estimator> ESTIMATORS = List.of(Estimator.GRPO, Estimator.NO_IS_FROZEN, Estimator.TIC);
  /** Files it writes (checked before any work). */
  public static final List<String> FILES = List.of("staleness.csv", "summary.md", "staleness_eta*");

  private StalenessExperiment() {}

  /**
   * The final J gap, the run's average |grad J|^2 and its average clip fraction (tokens for GRPO, outputs for TIC:
   * the trajectory clip fraction; 0 for no-IS) of one cell, seed means with intervals.
   */
  public record Cell(Interval finalGap, Interval meanGradSq, Interval clipFraction) {}

  /** One (estimator, K, eta) cell over {@code seeds} sampling seeds (4 groups of 8, clip 0.2). */
  public static Cell cell(Estimator e, int maxTokens, int k, double eta, int updates, int seeds, long seed) {
    ExperimentFiles.bounded("seeds", seeds, 1, 1000);
    ConvergenceRun.Config c = new ConvergenceRun.Config(maxTokens, Math.max(1, updates / k), 4, 8, k, eta,
        Clip.of(0.2));
    double[] gap = new double[seeds];
    double[] avg = new double[seeds];
    double[] clip = new double[seeds];
    for (int s = 0; s < seeds; s++) {
      ConvergenceRun.Trace t = ConvergenceRun.run(e, c, Reward.exactlyAs(2, 3), seed, seed * 1000 + s);
      gap[s] = 1 - t.objective()[t.objective().length - 1];
      avg[s] = java.util.Arrays.stream(t.gradNormSq()).average().orElse(0);
      clip[s] = java.util.Arrays.stream(t.clipFraction()).average().orElse(0);
    }
    return new Cell(Stats.mean(gap), Stats.mean(avg), Stats.mean(clip));
  }

  /** Runs the grid, writes the results into {@code out}, prints the summary and returns the cells by key. */
  public static Map<String, Cell> runAndWrite(int maxTokens, int[] ks, double[] etas, int updates, int seeds,
      long seed, Path out, ChartWriter charts, PrintStream log) {
    Map<String, Cell> cells = new LinkedHashMap<>();
    StringBuilder csv = new StringBuilder("estimator,inner_steps,eta,final_gap,final_gap_ci_low,final_gap_ci_high,"
        + "mean_grad_sq,mean_grad_sq_ci_low,mean_grad_sq_ci_high,clip_fraction,clip_fraction_ci_low,"
        + "clip_fraction_ci_high\n");
    StringBuilder md = new StringBuilder("# E4: staleness grid (K inner steps x step size, N * K = ")
        .append(updates).append(" updates)\n\n");
    md.append(String.format(Locale.ROOT, "T_max %d, 4 groups of 8, clip eps 0.2, %d seeds, theta_0 seed %d. "
        + "Cells: final gap 1 - J(theta_N) [95%%] / mean |grad J|^2 over the run / mean clip fraction (tokens for "
        + "GRPO, outputs for TIC; seed means).%n%n", maxTokens, seeds,
        seed));
    for (double eta : etas) {
      Map<String, Chart.Series> series = new LinkedHashMap<>();
      md.append(String.format(Locale.ROOT, "eta = %.3g%n%n| estimator |", eta));
      for (int k : ks) {
        md.append(" K = ").append(k).append(" |");
      }
      md.append("\n|---|").append("---|".repeat(ks.length)).append("\n");
      for (Estimator e : ESTIMATORS) {
        double[][] b = new double[3][ks.length];
        md.append("| ").append(e).append(" |");
        for (int i = 0; i < ks.length; i++) {
          Cell c = cell(e, maxTokens, ks[i], eta, updates, seeds, seed);
          cells.put(e + "/" + ks[i] + "/" + eta, c);
          b[0][i] = Math.max(c.finalGap().value(), 1e-12);
          b[1][i] = Math.max(c.finalGap().low(), b[0][i] * 1e-3);
          b[2][i] = Math.max(c.finalGap().high(), b[0][i]);
          csv.append(String.format(Locale.ROOT, "%s,%d,%.4g,%.6e,%.6e,%.6e,%.6e,%.6e,%.6e,%.6e,%.6e,%.6e%n", e,
              ks[i], eta, c.finalGap().value(), c.finalGap().low(), c.finalGap().high(), c.meanGradSq().value(),
              c.meanGradSq().low(), c.meanGradSq().high(), c.clipFraction().value(), c.clipFraction().low(),
              c.clipFraction().high()));
          md.append(" ").append(c.finalGap().format(3)).append(String.format(Locale.ROOT, " / %.3e / %.3f |",
              c.meanGradSq().value(), c.clipFraction().value()));
        }
        md.append("\n");
        series.put(e.name(), new Chart.Series(ExperimentFiles.doubles(ks), b[0], b[1], b[2]));
      }
      md.append("\n");
      charts.write(out.resolve(String.format(Locale.ROOT, "staleness_eta%.3g.png", eta)), new Chart(
          String.format(Locale.ROOT, "E4: final gap 1 - J at eta = %.3g, N * K = %d (95%% band)", eta, updates),
          "inner steps K", "1 - J(theta_N)", Chart.Scale.LOG_XY, series));
    }
    md.append("Expected (spec/convergence.md): at K = 1 all coincide; GRPO about equal to no-IS for small eta K; both "
        + "degrade as eta K grows; TIC keeps zero bias while its variance and clip fraction grow.\n");
    ExperimentFiles.write(out, "staleness.csv", csv, md, "staleness_eta*.png", log);
    return cells;
  }
}
