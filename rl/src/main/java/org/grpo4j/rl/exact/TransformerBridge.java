package org.grpo4j.rl.exact;

import static org.grpo4j.rl.exact.ExperimentFiles.distance;
import static org.grpo4j.rl.exact.ExperimentFiles.norm;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.rl.report.Chart;
import org.grpo4j.rl.report.ChartWriter;

/**
 * The bridge of spec/convergence.md: E1 with the tiny transformer ({@link TransformerPolicy}) as the policy on the
 * same token tree. For each seed (model and direction), theta = theta_old + delta u over every parameter (u a unit
 * vector); the exact relative bias of each unclipped estimator's expectation against grad J(theta), both from the
 * engine. Writes bridge.csv, bridge.png and summary.md.
 */
public final class TransformerBridge {
  /** The estimators compared (as in E1). */
  public static final List<Estimator> ESTIMATORS = BiasExperiment.ESTIMATORS;
  /** Files it writes (checked before any work). */
  public static final List<String> FILES = List.of("bridge.csv", "summary.md", "bridge.png");

  private TransformerBridge() {}

  /** Size of the bridge: tree length, model layers and width, seeds. */
  public record Config(int maxTokens, int layers, int width, int seeds) {
    /** Bounds every size before anything is allocated. */
    public Config {
      ExperimentFiles.bounded("bridge max tokens", maxTokens, 2, 7);
      ExperimentFiles.bounded("bridge layers", layers, 1, 4);
      ExperimentFiles.bounded("bridge width", width, 4, 64);
      ExperimentFiles.bounded("bridge seeds", seeds, 2, 100);
    }
  }

  /** Per estimator: bias at the largest delta and slope over delta <= 0.1, 95% t intervals over seeds. */
  public record Result(Map<Estimator, double[][]> relativeBias, Map<Estimator, Interval> atLargestDelta,
      Map<Estimator, Interval> slopes, List<Estimator> order, double meanObjective) {}

  /** Runs the bridge for seeds seed, seed + 1, ... */
  public static Result run(Config c, long seed) {
    Reward reward = Reward.exactlyAs(2, 3);
    TokenTree tree = new TokenTree(c.maxTokens());
    double[] ds = BiasExperiment.deltas();
    Map<Estimator, double[][]> bias = new EnumMap<>(Estimator.class); // [seed][delta]
    ESTIMATORS.forEach(e -> bias.put(e, new double[c.seeds()][ds.length]));
    double jSum = 0;
    for (int s = 0; s < c.seeds(); s++) {
      TransformerPolicy policy = new TransformerPolicy(tree, c.layers(), c.width(), 0.5, seed + s);
      double[] old = policy.parameters();
      double[] u = new double[old.length];
      SplittableRandom r = new SplittableRandom(seed * 31 + s);
      for (int i = 0; i < u.length; i++) {
        u[i] = r.nextGaussian();
      }
      u = ExperimentFiles.unit(u);
      double[][] oldLogp = policy.tokenLogProbs();
      jSum += policy.objective(reward);
      double[] frozen = policy.expectation(Estimator.NO_IS_FROZEN, oldLogp, reward);
      for (int d = 0; d < ds.length; d++) {
        double[] th = old.clone();
        for (int i = 0; i < th.length; i++) {
          th[i] += ds[d] * u[i];
        }
        policy.setParameters(th);
        double[] grad = policy.gradient(reward);
        for (Estimator e : ESTIMATORS) {
          double[] mean = e.atOldPolicy() ? frozen : policy.expectation(e, oldLogp, reward);
          bias.get(e)[s][d] = distance(mean, grad) / norm(grad);
        }
      }
    }
    Map<Estimator, Interval> last = new EnumMap<>(Estimator.class);
    Map<Estimator, Interval> slopes = new EnumMap<>(Estimator.class);
    int small = 0;
    while (small < ds.length && ds[small] <= 0.1 + 1e-12) {
      small++;
    }
    for (Estimator e : ESTIMATORS) {
      double[][] b = bias.get(e);
      double[] atLast = new double[c.seeds()];
      double[] perSeed = new double[c.seeds()];
      for (int s = 0; s < c.seeds(); s++) {
        atLast[s] = b[s][ds.length - 1];
        perSeed[s] = Stats.logLogPointSlope(java.util.Arrays.copyOf(ds, small),
            java.util.Arrays.stream(b[s], 0, small).map(v -> Math.max(v, 1e-300)).toArray());
      }
      last.put(e, Stats.mean(atLast));
      if (e != Estimator.TIC) {
        slopes.put(e, Stats.mean(perSeed));
      }
    }
    List<Estimator> order = new ArrayList<>(ESTIMATORS);
    order.sort(Comparator.comparingDouble(e -> last.get(e).value()));
    return new Result(bias, last, slopes, order, jSum / c.seeds());
  }

  /** The estimators sorted by E1's seed-mean relative bias at the largest delta, for comparison with the bridge. */
  public static List<Estimator> treeOrder(BiasExperiment.Result e1, int maxTokens) {
    double largest = BiasExperiment.deltas()[BiasExperiment.deltas().length - 1];
    Map<Estimator, Double> m = new EnumMap<>(Estimator.class);
    for (BiasExperiment.Point p : e1.points()) {
      if (p.maxTokens() == maxTokens && p.delta() == largest) {
        m.merge(p.estimator(), p.relativeBias(), Double::sum);
      }
    }
    List<Estimator> order = new ArrayList<>(m.keySet());
    order.sort(Comparator.comparingDouble(m::get));
    return order;
  }

  /** Runs, writes bridge.csv, bridge.png and summary.md into {@code out}, prints the summary, returns the result. */
  public static Result runAndWrite(Config c, long seed, Path out, ChartWriter charts, PrintStream log) {
    Result res = run(c, seed);
    double[] ds = BiasExperiment.deltas();
    StringBuilder csv = new StringBuilder("estimator,seed,delta,relative_bias\n");
    Map<String, Chart.Series> series = new LinkedHashMap<>();
    for (Estimator e : ESTIMATORS) {
      double[][] b = res.relativeBias().get(e);
      double[][] band = new double[3][ds.length];
      for (int d = 0; d < ds.length; d++) {
        double[] col = new double[c.seeds()];
        for (int s = 0; s < c.seeds(); s++) {
          col[s] = Math.max(b[s][d], 1e-17);
          csv.append(String.format(Locale.ROOT, "%s,%d,%.6e,%.6e%n", e, s, ds[d], b[s][d]));
        }
        band[0][d] = java.util.Arrays.stream(col).average().orElseThrow();
        band[1][d] = java.util.Arrays.stream(col).min().orElseThrow();
        band[2][d] = java.util.Arrays.stream(col).max().orElseThrow();
      }
      series.put(e.name(), new Chart.Series(ds, band[0], band[1], band[2]));
    }
    StringBuilder md = new StringBuilder("# Bridge: E1 with the tiny transformer as the policy (exact, by enumeration)"
        + "\n\n");
    md.append(String.format(Locale.ROOT, "GPT (float64, %d layer(s), width %d, 2 heads) over {a, b, EOS}, prompt [EOS],"
        + " every output of T_max %d scored by the engine; %d seeds (model and unit direction over all parameters) "
        + "from %d; mean J(theta_old) %.3f. Unclipped estimators, leave-one-out baseline.%n%n", c.layers(), c.width(),
        c.maxTokens(), c.seeds(), seed, res.meanObjective()));
    md.append("| estimator | relative bias at delta 1 [95%] | log-log slope, delta <= 0.1 [95%] |\n|---|---|---|\n");
    for (Estimator e : ESTIMATORS) {
      Interval s = res.slopes().get(e);
      md.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", e, res.atLargestDelta().get(e).format(3),
          s == null ? "- (at machine precision)" : s.format(3)));
    }
    md.append("\nOrder by relative bias at delta 1 (lowest first): ").append(res.order()).append("\n");
    charts.write(out.resolve("bridge.png"), new Chart("Bridge: relative bias vs staleness, tiny transformer (seed "
        + "mean, min-max band)", "delta (distance from theta_old)", "|E g - grad J(theta)| / |grad J(theta)|",
        Chart.Scale.LOG_XY, series));
    ExperimentFiles.write(out, "bridge.csv", csv, md, "bridge.png", log);
    return res;
  }
}
