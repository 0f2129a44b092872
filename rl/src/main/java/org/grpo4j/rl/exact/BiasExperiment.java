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
 * Experiment E1 of spec/convergence.md, exactly: the relative bias |E g - grad J(theta)| / |grad J(theta)| of each
 * estimator at theta = theta_old + delta u, against delta, for several maximum lengths. Expectations are sums over
 * every output (no sampling); the estimators are unclipped (clipping adds bias only once ratios leave
 * [1 - eps, 1 + eps]). Writes bias.csv, one log-log PNG per length, old-vs-current.png and summary.md.
 */
public final class BiasExperiment {
  /** The estimators compared. */
  public enum Estimator {
    /** GRPO's token ratios with a leave-one-out baseline. */
    GRPO_TOKEN,
    /** No importance sampling, every inner step at theta_old's gradient. */
    NO_IS_FROZEN,
    /** No importance sampling, REINFORCE at the current theta on old samples. */
    NO_IS_STALE,
    /** TIC-GRPO's trajectory ratio with a leave-one-out baseline. */
    TIC,
    /** GSPO's length-normalized sequence ratio. */
    GSPO
  }

  /** One measured point. */
  public record Point(int maxTokens, Estimator estimator, double delta, double relativeBias) {}

  private BiasExperiment() {}

  /** The steps delta: 13 points from 1e-3 to 1, evenly spaced in log. */
  public static double[] deltas() {
    double[] d = new double[13];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.pow(10, -3 + 0.25 * i);
    }
    return d;
  }

  /** Every (length, estimator, delta) point for the reward "exactly two a's, at least three tokens". */
  public static List<Point> run(int[] maxTokens, long seed) {
    Reward reward = Reward.exactlyAs(2, 3);
    List<Point> points = new ArrayList<>();
    for (int t : maxTokens) {
      TokenTree tree = new TokenTree(t);
      PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, seed);
      double[] u = unit(PrefixSoftmaxPolicy.random(tree, 1.0, seed + 1).parameters());
      double[] gradOld = ExactGradients.gradient(old, reward);
      for (double delta : deltas()) {
        PrefixSoftmaxPolicy pi = old.plus(delta, u);
        double[] grad = ExactGradients.gradient(pi, reward);
        for (Estimator e : Estimator.values()) {
          double[] mean = switch (e) {
            case GRPO_TOKEN -> ExactGradients.grpoTokenLeaveOneOut(pi, old, reward);
            case NO_IS_FROZEN -> gradOld;
            case NO_IS_STALE -> ExactGradients.staleReinforce(pi, old, reward);
            case TIC -> ExactGradients.ticLeaveOneOut(pi, old, reward);
            case GSPO -> ExactGradients.gspoLeaveOneOut(pi, old, reward);
          };
          points.add(new Point(t, e, delta, distance(mean, grad) / norm(grad)));
        }
      }
    }
    return points;
  }

  /** Least-squares slope of log bias against log delta over delta <= maxDelta. */
  public static double slope(List<Point> points, int maxTokens, Estimator e, double maxDelta) {
    List<Point> ps = points.stream()
        .filter(p -> p.maxTokens() == maxTokens && p.estimator() == e && p.delta() <= maxDelta).toList();
    return ExperimentFiles.logLogSlope(ps.stream().mapToDouble(Point::delta).toArray(),
        ps.stream().mapToDouble(Point::relativeBias).toArray());
  }

  /** Runs, writes the CSV, plots and summary into {@code out}, and prints the summary. */
  public static void runAndWrite(int[] maxTokens, long seed, Path out, ChartWriter charts, PrintStream log) {
    List<Point> points = run(maxTokens, seed);
    StringBuilder csv = new StringBuilder("max_tokens,estimator,delta,relative_bias\n");
    for (Point p : points) {
      csv.append(String.format(Locale.ROOT, "%d,%s,%.6e,%.6e%n", p.maxTokens(), p.estimator(), p.delta(),
          p.relativeBias()));
    }
    StringBuilder md = new StringBuilder("# E1: estimator bias against staleness (exact, by enumeration)\n\n");
    md.append("theta = theta_old + delta u, u a random unit direction; relative bias |E g - grad J(theta)| / "
        + "|grad J(theta)|; unclipped estimators, leave-one-out baselines; reward: exactly two a's and at least "
        + "three tokens; seed ").append(seed).append(".\n\n");
    md.append("| T_max | estimator | bias at delta 1e-3 | bias at delta 1 | log-log slope (delta <= 0.1) |\n");
    md.append("|---|---|---|---|---|\n");
    for (int t : maxTokens) {
      Map<String, Chart.Series> series = new LinkedHashMap<>();
      for (Estimator e : Estimator.values()) {
        List<Point> ps = points.stream().filter(p -> p.maxTokens() == t && p.estimator() == e).toList();
        double[] x = ps.stream().mapToDouble(Point::delta).toArray();
        double[] y = ps.stream().mapToDouble(p -> Math.max(p.relativeBias(), 1e-17)).toArray();
        series.put(e.name(), new Chart.Series(x, y));
        double s = ps.stream().allMatch(p -> p.relativeBias() > 1e-13) ? slope(points, t, e, 0.1) : Double.NaN;
        md.append(String.format(Locale.ROOT, "| %d | %s | %.3e | %.3e | %s |%n", t, e, ps.get(0).relativeBias(),
            ps.get(ps.size() - 1).relativeBias(), Double.isNaN(s) ? "- (at machine precision)"
                : String.format(Locale.ROOT, "%.3f", s)));
      }
      charts.write(out.resolve("bias_T" + t + ".png"), new Chart("E1: relative bias vs staleness (T_max = " + t + ")",
          "delta (distance from theta_old)", "|E g - grad J(theta)| / |grad J(theta)|", Chart.Scale.LOG_XY, series));
    }
    md.append("\nExpected (spec/convergence.md): GRPO and no-IS slope about 1 with similar constants; TIC at machine "
        + "precision; GSPO biased even at theta_old (its length normalization).\n");
    ExperimentFiles.write(out, "bias.csv", csv, md, "bias_T*.png", log);
  }

  private static double[] unit(double[] v) {
    double n = norm(v);
    double[] u = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = v[i] / n;
    }
    return u;
  }

  static double norm(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
