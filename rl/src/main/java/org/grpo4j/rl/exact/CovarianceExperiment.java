package org.grpo4j.rl.exact;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.grpo4j.rl.report.Chart;
import org.grpo4j.rl.report.ChartWriter;

/**
 * E2's second half, exactly: the trace of the covariance of one sampled output's estimate x(o) = (r(o) - J(theta_old))
 * x (the unclipped estimator's per-output term), tr Cov = E_old|x|^2 - |E_old x|^2 by enumeration, relative to
 * |grad J(theta_old)|^2 (fixed per seed, so the trace's growth with delta is the variance's own), for TIC-GRPO and GRPO against the step delta and T_max, beside E_old[rho^2]. Seeds give theta_old
 * and the direction; values are seed means with 95% t intervals. Writes covariance.csv, covariance.png, summary.md.
 */
public final class CovarianceExperiment {
  /** The estimators compared. */
  public static final List<Estimator> ESTIMATORS = List.of(Estimator.TIC_NO_CLIP, Estimator.GRPO);
  /** Files it writes (checked before any work). */
  public static final List<String> FILES = List.of("covariance.csv", "summary.md", "covariance.png");

  private CovarianceExperiment() {}

  /** One (T_max, delta) cell: per estimator the relative trace and E_old[rho^2], seed means with intervals. */
  public record Cell(int maxTokens, double delta, Map<Estimator, Interval> relativeTrace, Interval rhoSecondMoment) {}

  /** The exact relative covariance trace of one output's estimate, and E_old[rho^2], at theta = old + delta u. */
  static double[] traceAndRho2(Estimator e, PrefixSoftmaxPolicy old, PrefixSoftmaxPolicy pi, Reward r) {
    double jOld = ExactGradients.objective(old, r);
    double[] grad = ExactGradients.gradient(old, r);
    double[] mean = new double[grad.length];
    double second = 0;
    double rho2 = 0;
    for (int[] o : pi.tree().outputs()) {
      double p = Math.exp(old.logProbability(o));
      rho2 += Math.exp(2 * pi.logProbability(o) - old.logProbability(o));
      double a = r.of(o) - jOld;
      if (a == 0) {
        continue;
      }
      double[] x = TreeEstimates.estimate(e, Clip.none(), pi, old, new int[][] {o}, new double[] {a});
      for (int j = 0; j < x.length; j++) {
        mean[j] += p * x[j];
        second += p * x[j] * x[j];
      }
    }
    double g2 = 0;
    double m2 = 0;
    for (int j = 0; j < grad.length; j++) {
      g2 += grad[j] * grad[j];
      m2 += mean[j] * mean[j];
    }
    return new double[] {(second - m2) / g2, rho2};
  }

  /** Every (T_max, delta) cell over {@code seeds} seeds (at least 2). */
  public static List<Cell> run(int[] maxTokens, double[] deltas, int seeds, long seed) {
    ExperimentFiles.bounded("covariance seeds", seeds, 2, 1000);
    Reward reward = Reward.exactlyAs(2, 3);
    List<Cell> cells = new ArrayList<>();
    for (int t : maxTokens) {
      ExperimentFiles.bounded("covariance max tokens", t, 2, 10);
      TokenTree tree = new TokenTree(t);
      for (double d : deltas) {
        Map<Estimator, double[]> traces = new LinkedHashMap<>();
        ESTIMATORS.forEach(e -> traces.put(e, new double[seeds]));
        double[] rho2 = new double[seeds];
        for (int s = 0; s < seeds; s++) {
          PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, seed + 1000L * s);
          double[] u = ExperimentFiles.unit(PrefixSoftmaxPolicy.random(tree, 1.0, seed + 1000L * s + 1).parameters());
          PrefixSoftmaxPolicy pi = old.plus(d, u);
          for (Estimator e : ESTIMATORS) {
            double[] tr = traceAndRho2(e, old, pi, reward);
            traces.get(e)[s] = tr[0];
            rho2[s] = tr[1];
          }
        }
        Map<Estimator, Interval> m = new LinkedHashMap<>();
        traces.forEach((e, v) -> m.put(e, Stats.mean(v)));
        cells.add(new Cell(t, d, m, Stats.mean(rho2)));
      }
    }
    return cells;
  }

  /** Runs, writes covariance.csv, covariance.png and summary.md into {@code out}, and returns the cells. */
  public static List<Cell> runAndWrite(int[] maxTokens, double[] deltas, int seeds, long seed, Path out,
      ChartWriter charts, PrintStream log) {
    List<Cell> cells = run(maxTokens, deltas, seeds, seed);
    StringBuilder csv = new StringBuilder("max_tokens,delta,estimator,relative_trace,ci_low,ci_high,rho_second_moment\n");
    StringBuilder md = new StringBuilder("# E2: covariance trace against the step and T_max (exact)\n\n");
    md.append(String.format(Locale.ROOT, "Tabular policy; one output's estimate (r - J(theta_old)) x term, unclipped;"
        + " tr Cov by enumeration relative to |grad J(theta_old)|^2; %d seeds (theta_old, u) from %d, seed means with 95%%"
        + " t intervals.%n%n| T_max | delta | TIC trace [95%%] | GRPO trace [95%%] | TIC / GRPO | E_old[rho^2] [95%%] |%n"
        + "|---|---|---|---|---|---|%n", seeds, seed));
    Map<String, Chart.Series> series = new LinkedHashMap<>();
    for (int t : maxTokens) {
      for (Estimator e : ESTIMATORS) {
        List<Cell> row = cells.stream().filter(c -> c.maxTokens() == t).toList();
        double[] x = row.stream().mapToDouble(c -> Math.max(c.delta(), 1e-2)).toArray();
        double[] y = row.stream().mapToDouble(c -> c.relativeTrace().get(e).value()).toArray();
        double[] lo = row.stream().mapToDouble(c -> Math.max(c.relativeTrace().get(e).low(), 1e-3 * c.relativeTrace()
            .get(e).value())).toArray();
        double[] hi = row.stream().mapToDouble(c -> c.relativeTrace().get(e).high()).toArray();
        series.put((e == Estimator.GRPO ? "GRPO" : "TIC") + ", T_max " + t, new Chart.Series(x, y, lo, hi));
      }
    }
    for (Cell c : cells) {
      Interval tic = c.relativeTrace().get(Estimator.TIC_NO_CLIP);
      Interval grpo = c.relativeTrace().get(Estimator.GRPO);
      for (Estimator e : ESTIMATORS) {
        Interval v = c.relativeTrace().get(e);
        csv.append(String.format(Locale.ROOT, "%d,%.3f,%s,%.6e,%.6e,%.6e,%.6e%n", c.maxTokens(), c.delta(), e,
            v.value(), v.low(), v.high(), c.rhoSecondMoment().value()));
      }
      md.append(String.format(Locale.ROOT, "| %d | %.2f | %s | %s | %.3f | %s |%n", c.maxTokens(), c.delta(),
          tic.format(3), grpo.format(3), tic.value() / grpo.value(), c.rhoSecondMoment().format(3)));
    }
    md.append("\nExpected (spec/convergence.md): at delta 0 the two coincide (every ratio is 1); away from theta_old "
        + "TIC's trace grows with E_old[rho^2], which grows with delta and with the length T_max.\n");
    charts.write(out.resolve("covariance.png"), new Chart("E2: covariance trace of one output's estimate / |grad J(theta_old)|^2"
        + " (seed mean, 95% band; delta 0 drawn at 0.01)", "delta", "tr Cov / |grad J(theta_old)|^2", Chart.Scale.LOG_XY,
        series));
    ExperimentFiles.write(out, "covariance.csv", csv, md, "covariance.png", log);
    return cells;
  }
}
