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
 * updates; for each method, the seed-mean final gap max J - J(theta_N) (max J = 1 for a 0/1 reward some output
 * earns) and the average of |grad J|^2 over the run. Writes staleness.csv, one PNG per step size and summary.md.
 */
public final class StalenessExperiment {
  private static final List<Method> METHODS = List.of(Method.GRPO, Method.NO_IS, Method.TIC);

  private StalenessExperiment() {}

  /** (final J gap, average |grad J|^2), each a seed mean, for one cell. */
  public static double[] cell(Method m, int maxTokens, int k, double eta, int updates, int seeds, long seed) {
    ConvergenceRun.Config c = new ConvergenceRun.Config(maxTokens, Math.max(1, updates / k), 4, 8, k, eta, 0.2);
    double gap = 0;
    double avg = 0;
    for (int s = 0; s < seeds; s++) {
      ConvergenceRun.Trace t = ConvergenceRun.run(m, c, Reward.exactlyAs(2, 3), seed, seed * 1000 + s);
      gap += (1 - t.objective()[t.objective().length - 1]) / seeds;
      avg += java.util.Arrays.stream(t.gradNormSq()).average().orElse(0) / seeds;
    }
    return new double[] {gap, avg};
  }

  /** Runs the grid and writes the results into {@code out}; prints the summary. */
  public static void runAndWrite(int maxTokens, int[] ks, double[] etas, int updates, int seeds, long seed, Path out,
      ChartWriter charts,
      PrintStream log) {
    StringBuilder csv = new StringBuilder("method,inner_steps,eta,final_gap,mean_grad_sq\n");
    StringBuilder md = new StringBuilder("# E4: staleness grid (K inner steps x step size, N * K = ")
        .append(updates).append(" updates)\n\n");
    md.append(String.format(Locale.ROOT, "T_max %d, 4 groups of 8, clip eps 0.2, %d seeds, theta_0 seed %d. "
        + "Cells: final gap 1 - J(theta_N) / mean |grad J|^2 over the run (seed means).%n%n", maxTokens, seeds, seed));
    for (double eta : etas) {
      Map<String, Chart.Series> series = new LinkedHashMap<>();
      md.append(String.format(Locale.ROOT, "eta = %.3g%n%n| method |", eta));
      for (int k : ks) {
        md.append(" K = ").append(k).append(" |");
      }
      md.append("\n|---|").append("---|".repeat(ks.length)).append("\n");
      for (Method m : METHODS) {
        double[] gaps = new double[ks.length];
        md.append("| ").append(m).append(" |");
        for (int i = 0; i < ks.length; i++) {
          double[] r = cell(m, maxTokens, ks[i], eta, updates, seeds, seed);
          gaps[i] = Math.max(r[0], 1e-12);
          csv.append(String.format(Locale.ROOT, "%s,%d,%.4g,%.6e,%.6e%n", m, ks[i], eta, r[0], r[1]));
          md.append(String.format(Locale.ROOT, " %.4f / %.3e |", r[0], r[1]));
        }
        md.append("\n");
        series.put(m.name(), new Chart.Series(java.util.Arrays.stream(ks).asDoubleStream().toArray(), gaps));
      }
      md.append("\n");
      charts.write(out.resolve(String.format(Locale.ROOT, "staleness_eta%.3g.png", eta)), new Chart(
          String.format(Locale.ROOT, "E4: final gap 1 - J at eta = %.3g, N * K = %d", eta, updates), "inner steps K",
          "1 - J(theta_N)", Chart.Scale.LOG_XY, series));
    }
    md.append("Expected (spec/convergence.md): at K = 1 all coincide; GRPO about equal to no-IS for small eta K; both "
        + "degrade as eta K grows; TIC keeps zero bias while its variance and clip fraction grow.\n");
    ExperimentFiles.write(out, "staleness.csv", csv, md, "staleness_eta*.png", log);
  }
}
