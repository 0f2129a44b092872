package org.grpo4j.rl.exact;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.grpo4j.rl.report.Chart;
import org.grpo4j.rl.report.ChartWriter;

/**
 * Experiment E3 of spec/convergence.md on the token tree: every {@link Method} from the same theta_0 over several
 * sampling seeds, step size eta = c / sqrt(N); the running average of the exact |grad J(theta_n)|^2 and J(theta_n)
 * against n. Writes convergence.csv, grad-norm.png (log-log, seed mean with min and max), objective.png and
 * summary.md (least-squares slopes of the running average over the second half, final values).
 */
public final class ConvergenceExperiment {
  private ConvergenceExperiment() {}

  /** Per method: running averages of |grad J|^2 (mean, min, max over seeds) and the seed-mean J, per iteration. */
  public record Curves(double[] meanRunningGradSq, double[] minRunningGradSq, double[] maxRunningGradSq,
      double[] meanObjective) {}

  /** Runs every method over {@code seeds} sampling seeds. */
  public static Map<Method, Curves> run(ConvergenceRun.Config c, int seeds, long seed) {
    Reward reward = Reward.exactlyAs(2, 3);
    Map<Method, Curves> out = new EnumMap<>(Method.class);
    int n = c.iterations();
    for (Method m : Method.values()) {
      double[] mean = new double[n];
      double[] min = new double[n];
      double[] max = new double[n];
      double[] obj = new double[n];
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      for (int s = 0; s < seeds; s++) {
        ConvergenceRun.Trace tr = ConvergenceRun.run(m, c, reward, seed, seed * 1000 + s);
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += tr.gradNormSq()[i];
          double avg = sum / (i + 1);
          mean[i] += avg / seeds;
          min[i] = Math.min(min[i], avg);
          max[i] = Math.max(max[i], avg);
          obj[i] += tr.objective()[i] / seeds;
        }
      }
      out.put(m, new Curves(mean, min, max, obj));
    }
    return out;
  }

  /** Least-squares slope of log y against log n over the second half of the iterations. */
  public static double secondHalfSlope(double[] y) {
    int from = y.length / 2;
    double[] n = new double[y.length - from];
    for (int i = 0; i < n.length; i++) {
      n[i] = from + i + 1;
    }
    return ExperimentFiles.logLogSlope(n, java.util.Arrays.copyOfRange(y, from, y.length));
  }

  /** Runs and writes the results into {@code out}; prints the summary. */
  public static void runAndWrite(ConvergenceRun.Config c, int seeds, long seed, Path out, ChartWriter charts,
      PrintStream log) {
    Map<Method, Curves> curves = run(c, seeds, seed);
    int n = c.iterations();
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
    }
    StringBuilder csv = new StringBuilder("method,iteration,running_grad_sq_mean,running_grad_sq_min,"
        + "running_grad_sq_max,objective_mean\n");
    Map<String, Chart.Series> grad = new LinkedHashMap<>();
    Map<String, Chart.Series> obj = new LinkedHashMap<>();
    StringBuilder md = new StringBuilder("# E3: convergence on the token tree (exact |grad J|, sampled updates)\n\n");
    md.append(String.format(Locale.ROOT, "T_max %d, N %d iterations, %d groups of %d, K %d inner steps, eta %.4g"
        + " (c / sqrt(N)), clip eps %.2f, %d seeds, theta_0 seed %d; leave-one-out advantages, token sums.%n%n",
        c.maxTokens(), n, c.groups(), c.groupSize(), c.innerSteps(), c.eta(), c.eps(), seeds, seed));
    md.append("| method | running mean of \\|grad J\\|^2 at N | slope over the second half | J(theta_N) |\n");
    md.append("|---|---|---|---|\n");
    for (Map.Entry<Method, Curves> e : curves.entrySet()) {
      Curves cv = e.getValue();
      for (int i = 0; i < n; i++) {
        csv.append(String.format(Locale.ROOT, "%s,%d,%.6e,%.6e,%.6e,%.6f%n", e.getKey(), i + 1,
            cv.meanRunningGradSq()[i], cv.minRunningGradSq()[i], cv.maxRunningGradSq()[i], cv.meanObjective()[i]));
      }
      grad.put(e.getKey().name(), new Chart.Series(x, cv.meanRunningGradSq()));
      obj.put(e.getKey().name(), new Chart.Series(x, cv.meanObjective()));
      md.append(String.format(Locale.ROOT, "| %s | %.4e (seeds %.4e to %.4e) | %.3f | %.4f |%n", e.getKey(),
          cv.meanRunningGradSq()[n - 1], cv.minRunningGradSq()[n - 1], cv.maxRunningGradSq()[n - 1],
          secondHalfSlope(cv.meanRunningGradSq()), cv.meanObjective()[n - 1]));
    }
    md.append("\nWith K = 1 every sampled method takes the same steps from the same samples. The theory predicts "
        + "O(1/sqrt(N)) for the running average with eta ~ 1/sqrt(N), an extra floor growing with eta K for GRPO and "
        + "no-IS (bias) and a variance cost for TIC that grows with E_old[rho^2].\n");
    charts.write(out.resolve("grad-norm.png"), new Chart(
        "E3: running average of |grad J(theta_n)|^2 (seed mean)", "iteration n",
        "(1/n) sum |grad J|^2", Chart.Scale.LOG_XY, grad));
    charts.write(out.resolve("objective.png"), new Chart(
        "E3: J(theta_n) (seed mean)", "iteration n", "J", Chart.Scale.LINEAR,
        obj));
    ExperimentFiles.write(out, "convergence.csv", csv, md, "grad-norm.png and objective.png", log);
  }
}
