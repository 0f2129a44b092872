package org.grpo4j.rl.exact;

import static org.grpo4j.rl.exact.ExperimentFiles.distance;
import static org.grpo4j.rl.exact.ExperimentFiles.norm;

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
 * estimator at theta = theta_old + delta u against delta, for several maximum lengths and several seeds (each its
 * own theta_old and unit direction u). Expectations are sums over every output ({@link TreeEstimates#expectation},
 * unclipped, leave-one-out baseline). Slopes: per seed over delta <= 0.1, a 95% t interval over seeds. The same along
 * real inner-step iterates ({@link IterateBias}). Writes bias.csv, bias_T*.png (seed mean with min-max band),
 * old-vs-current.png, iterates.csv, iterates_T*.png and summary.md.
 */
public final class BiasExperiment {
  /** The estimators compared. */
  public static final List<Estimator> ESTIMATORS = List.of(Estimator.GRPO, Estimator.NO_IS_FROZEN,
      Estimator.NO_IS_STALE, Estimator.TIC, Estimator.GSPO);
  /** Files it writes (checked before any work). */
  public static final List<String> FILES = List.of("bias.csv", "summary.md", "bias_T*", "old-vs-current.png",
      "iterates.csv", "iterates_T*");

  /** One measured point; {@code toOld} is |E g - grad J(theta_old)| / |grad J(theta)|. */
  public record Point(int maxTokens, Estimator estimator, int seed, double delta, double relativeBias,
      double toOld) {}

  /**
   * Every point, and per (length, estimator) the slope interval over seeds fitted over delta <= 0.1 and over
   * delta <= 0.01 (where the curvature term's share is ten times smaller); TIC's largest relative bias; the same
   * along real inner-step iterates.
   */
  public record Result(List<Point> points, Map<String, Interval> slopes, Map<String, Interval> smallSlopes,
      double ticMaxRelativeBias, PolicyContext context, IterateBias.Result iterates) {
    /** The slope interval of {@code e} at {@code maxTokens} over delta <= 0.1 (absent for unbiased estimators). */
    public Interval slope(int maxTokens, Estimator e) {
      return slopes.get(maxTokens + "/" + e);
    }

    /** The slope interval over delta <= 0.01. */
    public Interval smallSlope(int maxTokens, Estimator e) {
      return smallSlopes.get(maxTokens + "/" + e);
    }
  }

  private BiasExperiment() {}

  /** The steps delta: 13 points from 1e-3 to 1, evenly spaced in log. */
  public static double[] deltas() {
    double[] d = new double[13];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.pow(10, -3 + 0.25 * i);
    }
    return d;
  }

  /** Every (length, estimator, seed, delta) point for the reward "exactly two a's, at least three tokens". */
  public static Result run(int[] maxTokens, int seeds, long seed) {
    return run(PolicyContext.PREFIX, maxTokens, seeds, seed);
  }

  /** Seed {@code s}'s theta_old (logit scale 0.7), shared with {@link IterateBias#run}. */
  static PrefixSoftmaxPolicy oldPolicy(TokenTree tree, PolicyContext context, long seed, int s) {
    return PrefixSoftmaxPolicy.random(tree, context, 0.7, seed + 1000L * s);
  }

  /** As {@link #run(int[], int, long)} for the policy with the given contexts (tabular or Markov). */
  public static Result run(PolicyContext context, int[] maxTokens, int seeds, long seed) {
    ExperimentFiles.bounded("seeds", seeds, 1, 1000);
    Reward reward = Reward.exactlyAs(2, 3);
    List<Point> points = new ArrayList<>();
    for (int t : maxTokens) {
      TokenTree tree = new TokenTree(t);
      for (int s = 0; s < seeds; s++) {
        PrefixSoftmaxPolicy old = oldPolicy(tree, context, seed, s);
        double[] u = ExperimentFiles.unit(PrefixSoftmaxPolicy.random(tree, context, 1.0, seed + 1000L * s + 1)
            .parameters());
        double[] gradOld = ExactGradients.gradient(old, reward);
        for (double delta : deltas()) {
          PrefixSoftmaxPolicy pi = old.plus(delta, u);
          double[] grad = ExactGradients.gradient(pi, reward);
          for (Estimator e : ESTIMATORS) {
            double[] mean = TreeEstimates.expectation(e, pi, old, reward);
            points.add(new Point(t, e, s, delta, distance(mean, grad) / norm(grad),
                distance(mean, gradOld) / norm(grad)));
          }
        }
      }
    }
    Map<String, Interval> slopes = new LinkedHashMap<>();
    Map<String, Interval> small = new LinkedHashMap<>();
    double ticMax = 0;
    for (Point p : points) {
      ticMax = p.estimator() == Estimator.TIC ? Math.max(ticMax, p.relativeBias()) : ticMax;
    }
    for (int t : maxTokens) {
      for (Estimator e : ESTIMATORS) {
        if (e != Estimator.TIC) {
          slopes.put(t + "/" + e, slope(points, t, e, seeds, 0.1));
          small.put(t + "/" + e, slope(points, t, e, seeds, 0.01));
        }
      }
    }
    return new Result(points, slopes, small, ticMax, context, IterateBias.run(context, maxTokens, seeds, seed));
  }

  /** Per seed the log-log slope over delta <= maxDelta; their mean with a t interval (one seed: the regression's). */
  static Interval slope(List<Point> points, int maxTokens, Estimator e, int seeds, double maxDelta) {
    double[] perSeed = new double[seeds];
    for (int s = 0; s < seeds; s++) {
      int seed = s;
      List<Point> ps = points.stream().filter(p -> p.maxTokens() == maxTokens && p.estimator() == e
          && p.seed() == seed && p.delta() <= maxDelta * (1 + 1e-9)).toList();
      double[] x = ps.stream().mapToDouble(Point::delta).toArray();
      double[] y = ps.stream().mapToDouble(Point::relativeBias).toArray();
      if (seeds == 1) {
        return Stats.logLogSlope(x, y);
      }
      perSeed[s] = Stats.logLogPointSlope(x, y);
    }
    return Stats.mean(perSeed);
  }

  /** Runs, writes the CSV, plots and summary into {@code out}, prints the summary and returns the result. */
  public static Result runAndWrite(int[] maxTokens, int seeds, long seed, Path out, ChartWriter charts,
      PrintStream log) {
    return runAndWrite(PolicyContext.PREFIX, maxTokens, seeds, seed, out, charts, log);
  }

  /** As {@link #runAndWrite(int[], int, long, Path, ChartWriter, PrintStream)} for the given policy contexts. */
  public static Result runAndWrite(PolicyContext context, int[] maxTokens, int seeds, long seed, Path out,
      ChartWriter charts, PrintStream log) {
    Result res = run(context, maxTokens, seeds, seed);
    StringBuilder csv = new StringBuilder("max_tokens,estimator,seed,delta,relative_bias,distance_to_old_gradient\n");
    for (Point p : res.points()) {
      csv.append(String.format(Locale.ROOT, "%d,%s,%d,%.6e,%.6e,%.6e%n", p.maxTokens(), p.estimator(), p.seed(),
          p.delta(), p.relativeBias(), p.toOld()));
    }
    StringBuilder md = new StringBuilder("# E1: estimator bias against staleness (exact, by enumeration)\n\n");
    md.append(context == PolicyContext.PREFIX ? "Tabular prefix-softmax policy. " : "Markov policy (one logit "
        + "vector per position and previous token). ");
    md.append("theta = theta_old + delta u, u a random unit direction; relative bias |E g - grad J(theta)| / "
        + "|grad J(theta)|; unclipped estimators, leave-one-out baselines; reward: exactly two a's and at least "
        + "three tokens; ").append(seeds).append(" seeds (theta_old and u each) from ").append(seed)
        .append(". Slopes: per seed over delta <= 0.1 (and <= 0.01), mean and 95% t interval over seeds.\n\n");
    md.append("| T_max | estimator | bias at delta 1e-3 (seed mean) | at delta 1 | log-log slope, delta <= 0.1 [95%] |"
        + " slope, delta <= 0.01 [95%] |\n");
    md.append("|---|---|---|---|---|---|\n");
    double[] ds = deltas();
    for (int t : maxTokens) {
      Map<String, Chart.Series> series = new LinkedHashMap<>();
      for (Estimator e : ESTIMATORS) {
        double[][] band = band(res.points(), t, e, seeds, ds, false);
        series.put(e.name(), new Chart.Series(ds, band[0], band[1], band[2]));
        Interval s = res.slope(t, e);
        Interval s2 = res.smallSlope(t, e);
        md.append(String.format(Locale.ROOT, "| %d | %s | %.3e | %.3e | %s | %s |%n", t, e, band[0][0],
            band[0][ds.length - 1], s == null ? "- (at machine precision)" : s.format(4), s2 == null ? "-"
            : s2.format(4)));
      }
      charts.write(out.resolve("bias_T" + t + ".png"), new Chart("E1: relative bias vs staleness (T_max = " + t
          + ", seed mean, min-max band)", "delta (distance from theta_old)", "|E g - grad J(theta)| / |grad J(theta)|",
          Chart.Scale.LOG_XY, series));
    }
    int t0 = maxTokens[0];
    double[][] toCur = band(res.points(), t0, Estimator.GRPO, seeds, ds, false);
    double[][] toOld = band(res.points(), t0, Estimator.GRPO, seeds, ds, true);
    Map<String, Chart.Series> panel = new LinkedHashMap<>();
    panel.put("GRPO: distance to grad J(theta)", new Chart.Series(ds, toCur[0], toCur[1], toCur[2]));
    panel.put("GRPO: distance to grad J(theta_old)", new Chart.Series(ds, toOld[0], toOld[1], toOld[2]));
    charts.write(out.resolve("old-vs-current.png"), new Chart("E1: what GRPO estimates (T_max = " + t0 + ")",
        "delta", "distance / |grad J(theta)|", Chart.Scale.LOG_XY, panel));
    md.append(String.format(Locale.ROOT, "%nTIC's largest relative bias over every length, seed and delta: %.3e.%n",
        res.ticMaxRelativeBias()));
    md.append("\nExpected (spec/convergence.md): GRPO and no-IS slope about 1 with similar constants; TIC at machine "
        + "precision (<= 1e-10); GSPO biased even at theta_old (its length normalization).\n");
    md.append(IterateBiasFiles.write(res.iterates(), maxTokens, seeds, out, charts));
    ExperimentFiles.write(out, "bias.csv", csv, md, "bias_T*.png, old-vs-current.png, iterates.csv and "
        + "iterates_T*.png", log);
    return res;
  }

  /** Per delta: the seed mean, min and max of the relative bias (or of the distance to the old gradient). */
  private static double[][] band(List<Point> points, int t, Estimator e, int seeds, double[] ds, boolean toOld) {
    double[][] out = new double[3][ds.length];
    for (int i = 0; i < ds.length; i++) {
      double delta = ds[i];
      double[] v = points.stream().filter(p -> p.maxTokens() == t && p.estimator() == e && p.delta() == delta)
          .mapToDouble(p -> Math.max(toOld ? p.toOld() : p.relativeBias(), 1e-17)).toArray();
      out[0][i] = java.util.Arrays.stream(v).average().orElseThrow();
      out[1][i] = java.util.Arrays.stream(v).min().orElseThrow();
      out[2][i] = java.util.Arrays.stream(v).max().orElseThrow();
    }
    return out;
  }
}
