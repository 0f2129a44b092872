package org.grpo4j.rl.exact;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.grpo4j.rl.report.Chart;
import org.grpo4j.rl.report.ChartWriter;

/**
 * Experiment E3 of spec/convergence.md on the token tree: estimators from the same theta_0 over several sampling
 * seeds; the running average of the exact |grad J(theta_n)|^2 and J(theta_n) against n. Each curve is the seed mean
 * with a 95% t band; slopes of log running average on log n over the second half are per seed, a 95% t interval
 * over seeds. Writes convergence.csv, grad-norm.png, objective.png and summary.md.
 */
public final class ConvergenceExperiment {
  /** Files it writes (checked before any work). */
  public static final List<String> FILES = List.of("convergence.csv", "summary.md", "grad-norm.png",
      "objective.png");

  private ConvergenceExperiment() {}

  /**
   * Per estimator: running average of |grad J|^2 and J per iteration (seed means, 95% bands), the slope over the
   * second half, the final J and the mean clip fraction over the run (each a seed mean with its 95% interval).
   */
  public record Curves(double[] runningGradSq, double[] runningLow, double[] runningHigh, double[] objective,
      double[] objectiveLow, double[] objectiveHigh, Interval secondHalfSlope, Interval finalObjective,
      Interval clipFraction) {}

  /** Runs every estimator over {@code seeds} sampling seeds (at least 2, for intervals). */
  public static Map<Estimator, Curves> run(ConvergenceRun.Config c, int seeds, long seed) {
    return run(c, List.of(Estimator.values()), seeds, seed);
  }

  /** Runs {@code estimators} over {@code seeds} sampling seeds (at least 2, for intervals). */
  public static Map<Estimator, Curves> run(ConvergenceRun.Config c, List<Estimator> estimators, int seeds,
      long seed) {
    ExperimentFiles.bounded("seeds", seeds, 2, 1000);
    Reward reward = Reward.exactlyAs(2, 3);
    Map<Estimator, Curves> out = new EnumMap<>(Estimator.class);
    for (Estimator e : estimators) {
      ConvergenceRun.Trace[] traces = new ConvergenceRun.Trace[seeds];
      for (int s = 0; s < seeds; s++) {
        traces[s] = ConvergenceRun.run(e, c, reward, seed, seed * 1000 + s);
      }
      out.put(e, curves(traces));
    }
    return out;
  }

  /** The seed bands, slopes and final values of one estimator's traces (one per seed, at least 2). */
  public static Curves curves(ConvergenceRun.Trace[] traces) {
    int seeds = traces.length;
    int n = traces[0].objective().length;
    double[][] running = new double[n][seeds];
    double[][] obj = new double[n][seeds];
    double[] slopes = new double[seeds];
    double[] clips = new double[seeds];
    for (int s = 0; s < seeds; s++) {
      ConvergenceRun.Trace tr = traces[s];
      double sum = 0;
      double[] avg = new double[n];
      for (int i = 0; i < n; i++) {
        sum += tr.gradNormSq()[i];
        avg[i] = sum / (i + 1);
        running[i][s] = avg[i];
        obj[i][s] = tr.objective()[i];
      }
      slopes[s] = secondHalfSlope(avg);
      clips[s] = Arrays.stream(tr.clipFraction()).average().orElse(0);
    }
    double[][] r = bands(running);
    double[][] o = bands(obj);
    return new Curves(r[0], r[1], r[2], o[0], o[1], o[2], Stats.mean(slopes), Stats.mean(obj[n - 1]),
        Stats.mean(clips));
  }

  /** Per iteration the seed mean and its 95% t interval. */
  private static double[][] bands(double[][] perIteration) {
    double[][] out = new double[3][perIteration.length];
    for (int i = 0; i < perIteration.length; i++) {
      Interval m = Stats.mean(perIteration[i]);
      out[0][i] = m.value();
      out[1][i] = m.low();
      out[2][i] = m.high();
    }
    return out;
  }

  /** Least-squares slope of log y against log n over the second half of the iterations (NaN if y has zeros). */
  public static double secondHalfSlope(double[] y) {
    int from = y.length / 2;
    if (y.length - from < 2) {
      return Double.NaN;
    }
    double[] n = new double[y.length - from];
    for (int i = 0; i < n.length; i++) {
      n[i] = from + i + 1;
    }
    double[] tail = Arrays.copyOfRange(y, from, y.length);
    return Arrays.stream(tail).allMatch(v -> v > 0) ? Stats.logLogPointSlope(n, tail) : Double.NaN;
  }

  /** Runs every estimator, writes the results into {@code out}, prints the summary and returns the curves. */
  public static Map<Estimator, Curves> runAndWrite(ConvergenceRun.Config c, int seeds, long seed, Path out,
      ChartWriter charts, PrintStream log) {
    return runAndWrite(c, List.of(Estimator.values()), seeds, seed, out, charts, log);
  }

  /** Runs {@code estimators}, writes the results into {@code out}, prints the summary and returns the curves. */
  public static Map<Estimator, Curves> runAndWrite(ConvergenceRun.Config c, List<Estimator> estimators, int seeds,
      long seed, Path out, ChartWriter charts, PrintStream log) {
    Map<Estimator, Curves> curves = run(c, estimators, seeds, seed);
    String setup = String.format(Locale.ROOT, "%s policy, T_max %d, N %d iterations, %d groups of %d, K %d inner "
        + "steps, %s with eta %.4g, clip %s, %d seeds, theta_0 seed %d; each estimator's own baseline, token sums.",
        c.context() == PolicyContext.PREFIX ? "Tabular prefix-softmax" : "Markov (position, previous token)",
        c.maxTokens(), c.iterations(), c.groups(), c.groupSize(), c.innerSteps(), c.rule(), c.eta(), c.clip(), seeds,
        seed);
    write(curves, "E3 (" + c.rule() + "): convergence on the token tree (exact |grad J|, sampled updates)", setup, out,
        charts, log);
    return curves;
  }

  /** Writes convergence.csv, grad-norm.png, objective.png and summary.md (titled {@code title}) into {@code out}. */
  public static void write(Map<Estimator, Curves> curves, String title, String setup, Path out, ChartWriter charts,
      PrintStream log) {
    int n = curves.values().iterator().next().objective().length;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
    }
    StringBuilder csv = new StringBuilder("estimator,iteration,running_grad_sq_mean,running_grad_sq_ci_low,"
        + "running_grad_sq_ci_high,objective_mean,objective_ci_low,objective_ci_high\n");
    Map<String, Chart.Series> grad = new LinkedHashMap<>();
    Map<String, Chart.Series> obj = new LinkedHashMap<>();
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n").append(setup)
        .append(" Values: seed means with 95% t intervals.\n\n");
    md.append("| estimator | running mean of \\|grad J\\|^2 at N [95%] | slope over the second half [95%] |"
        + " J(theta_N) [95%] | clip fraction [95%] |\n|---|---|---|---|---|\n");
    for (Map.Entry<Estimator, Curves> e : curves.entrySet()) {
      Curves cv = e.getValue();
      for (int i = 0; i < n; i++) {
        csv.append(String.format(Locale.ROOT, "%s,%d,%.6e,%.6e,%.6e,%.6f,%.6f,%.6f%n", e.getKey(), i + 1,
            cv.runningGradSq()[i], cv.runningLow()[i], cv.runningHigh()[i], cv.objective()[i], cv.objectiveLow()[i],
            cv.objectiveHigh()[i]));
      }
      double[] low = cv.runningLow().clone();
      for (int i = 0; i < n; i++) {
        low[i] = Math.max(low[i], cv.runningGradSq()[i] * 1e-3); // log axes
      }
      grad.put(e.getKey().name(), new Chart.Series(x, cv.runningGradSq(), low, cv.runningHigh()));
      obj.put(e.getKey().name(), new Chart.Series(x, cv.objective(), cv.objectiveLow(), cv.objectiveHigh()));
      md.append(String.format(Locale.ROOT, "| %s | %.4e [%.4e, %.4e] | %s | %s | %s |%n", e.getKey(),
          cv.runningGradSq()[n - 1], cv.runningLow()[n - 1], cv.runningHigh()[n - 1], cv.secondHalfSlope().format(3),
          cv.finalObjective().format(4), cv.clipFraction().format(3)));
    }
    md.append("\nAt K = 1 inner step every sampled estimator takes the same steps from the same samples; with K > 1 "
        + "(this run's K is in the setup above) they differ in how they treat staleness. The theory predicts "
        + "O(1/sqrt(N)) for the running average with eta ~ 1/sqrt(N), an extra floor growing with eta K for GRPO and "
        + "no-IS (bias) and a variance cost for TIC that grows with E_old[rho^2].\n");
    charts.write(out.resolve("grad-norm.png"), new Chart(title + ": running average of |grad J|^2 (seed mean, 95%)",
        "iteration n", "(1/n) sum |grad J|^2", Chart.Scale.LOG_XY, grad));
    charts.write(out.resolve("objective.png"), new Chart(title + ": J(theta_n) (seed mean, 95% band)", "iteration n",
        "J", Chart.Scale.LINEAR, obj));
    ExperimentFiles.write(out, "convergence.csv", csv, md, "grad-norm.png and objective.png", log);
  }
}
