package org.grpo4j.rl.exact;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grpo4j.rl.report.ChartWriter;

/**
 * {@code experiment all}: E1 to E5 and the transformer bridge into subdirectories of one output directory, then
 * report.md (each expectation of spec/convergence.md, the measured value with its 95% interval, held or not, the
 * plots inline) and summary.json ({@link SuiteReport}).
 */
public final class ExperimentSuite {
  /** The subdirectories and top-level files it writes (checked before any work). */
  public static final List<String> FILES = List.of("report.md", "summary.json", "e1-bias", "e2-variance",
      "e3-convergence", "e4-staleness", "e5-group-size", "bridge");
  private static final int[] KS = {1, 2, 4, 8, 16};
  private static final double[] ETAS = {0.1, 0.3, 1.0};

  private ExperimentSuite() {}

  /** Runs everything at {@code sizes} into {@code out}; refuses to overwrite earlier results unless asked. */
  public static List<Finding> run(SuiteSizes sizes, boolean quick, long seed, Path out, boolean overwrite,
      ChartWriter charts, PrintStream log) {
    ExperimentFiles.refuseOverwrite(out, overwrite, FILES);
    long start = System.nanoTime();
    List<Finding> f = new ArrayList<>();
    Map<String, Object> json = new LinkedHashMap<>();

    log.println("== E1: bias against staleness");
    int[] lengths = {5, 6, 8};
    BiasExperiment.Result e1 = BiasExperiment.runAndWrite(lengths, sizes.biasSeeds(), seed, out.resolve("e1-bias"),
        charts, log);
    String e1n = "E1 (T_max 6)";
    Interval grpo = e1.slope(6, Estimator.GRPO);
    Interval stale = e1.slope(6, Estimator.NO_IS_STALE);
    Interval frozen = e1.slope(6, Estimator.NO_IS_FROZEN);
    f.add(Finding.near(e1n, "GRPO's bias grows linearly with the step: log-log slope 1", grpo, 1, 0.05));
    f.add(Finding.near(e1n, "no-IS (stale REINFORCE) slope 1", stale, 1, 0.05));
    f.add(Finding.near(e1n, "no-IS (frozen at theta_old) slope 1", frozen, 1, 0.05));
    f.add(Finding.atMost("E1 (all T_max, seeds, deltas)", "TIC-GRPO unbiased at the current policy (machine precision)",
        Interval.exact(e1.ticMaxRelativeBias()), 1e-10));
    f.add(Finding.near(e1n, "GRPO and no-IS have similar constants: ratio of stale no-IS to GRPO bias at delta 1e-3",
        Stats.mean(ratioAtSmallestDelta(e1, 6)), 1, 0.5));
    f.add(Finding.above(e1n, "GSPO biased even near theta_old: relative bias at delta 1e-3",
        Stats.mean(atDelta(e1, 6, Estimator.GSPO, 0)), 0.05));
    for (int t : lengths) {
      f.add(Finding.near("E1 (T_max " + t + ")", "GRPO slope 1 at every length", e1.slope(t, Estimator.GRPO), 1,
          0.05));
    }
    json.put("e1", SuiteReport.map("slope_grpo", grpo, "slope_nois_stale", stale, "slope_nois_frozen", frozen,
        "tic_max_relative_bias", e1.ticMaxRelativeBias(), "slope_gspo", e1.slope(6, Estimator.GSPO)));

    log.println("== E2: unbiasedness and variance");
    double[] deltas = {0, 1, 3};
    Map<String, Interval> e2 = VarianceExperiment.runAndWrite(6, deltas, 8, sizes.varianceGroups(),
        sizes.varianceReps(), seed, out.resolve("e2-variance"), charts, log);
    Variant tic = VarianceExperiment.VARIANTS.get(0);
    Variant grpoLoo = VarianceExperiment.VARIANTS.get(2);
    Interval ticSlope = e2.get(VarianceExperiment.slopeKey(tic, 3));
    for (double d : deltas) {
      f.add(Finding.near("E2 (delta " + d + ")", "TIC (leave-one-out) Monte Carlo error falls like M^-1/2",
          e2.get(VarianceExperiment.slopeKey(tic, d)), -0.5, 0.05));
    }
    f.add(Finding.above("E2 (delta 3)", "GRPO's error flattens onto its bias: slope well above -1/2",
        e2.get(VarianceExperiment.slopeKey(grpoLoo, 3)), -0.4));
    json.put("e2", SuiteReport.map("slope_tic", ticSlope, "slope_grpo_delta3",
        e2.get(VarianceExperiment.slopeKey(grpoLoo, 3))));

    log.println("== E3: convergence curves");
    int n = sizes.convergenceIterations();
    ConvergenceRun.Config c3 = new ConvergenceRun.Config(5, n, 4, 8, 4, 2 / Math.sqrt(n), Clip.of(0.2));
    Map<Estimator, ConvergenceExperiment.Curves> e3 = ConvergenceExperiment.runAndWrite(c3,
        sizes.convergenceSeeds(), seed, out.resolve("e3-convergence"), charts, log);
    Map<String, Object> e3json = new LinkedHashMap<>();
    for (Estimator e : List.of(Estimator.EXACT_PG, Estimator.GRPO, Estimator.NO_IS_FROZEN, Estimator.TIC)) {
      f.add(Finding.below("E3", e + ": running average of |grad J|^2 falls (slope over the second half < 0)",
          e3.get(e).secondHalfSlope(), 0));
      e3json.put("slope_" + e.cliName(), SuiteReport.interval(e3.get(e).secondHalfSlope()));
      e3json.put("final_j_" + e.cliName(), SuiteReport.interval(e3.get(e).finalObjective()));
    }
    json.put("e3", e3json);

    log.println("== E4: staleness grid");
    Map<String, StalenessExperiment.Cell> e4 = StalenessExperiment.runAndWrite(5, KS, ETAS, sizes.stalenessUpdates(),
        sizes.stalenessSeeds(), seed, out.resolve("e4-staleness"), charts, log);
    for (double eta : ETAS) {
      Interval g1 = e4.get("GRPO/1/" + eta).finalGap();
      boolean same = g1.equals(e4.get("TIC/1/" + eta).finalGap()) && g1.equals(e4.get("NO_IS_FROZEN/1/" + eta)
          .finalGap());
      f.add(new Finding("E4 (eta " + eta + ")", "at K = 1 GRPO, no-IS and TIC take identical steps: GRPO's final gap",
          g1, "the three cells are equal", same));
    }
    Interval g16 = e4.get("GRPO/16/1.0").finalGap();
    Interval g1 = e4.get("GRPO/1/1.0").finalGap();
    f.add(new Finding("E4 (eta 1)", "GRPO degrades with eta K: final gap at K = 16 above K = 1's " + g1, g16,
        "value above K = 1's value", g16.value() > g1.value()));
    json.put("e4", SuiteReport.map("grpo_gap_k1_eta1", g1, "grpo_gap_k16_eta1", g16, "tic_gap_k16_eta1",
        e4.get("TIC/16/1.0").finalGap(), "nois_frozen_gap_k16_eta1", e4.get("NO_IS_FROZEN/16/1.0").finalGap()));

    log.println("== E5: group size");
    Map<String, GroupSizeExperiment.Cell> e5 = GroupSizeExperiment.runAndWrite(6, 0.5, 4, 64,
        sizes.groupSizeSamples(), seed, out.resolve("e5-group-size"), charts, log);
    Map<String, Object> e5json = new LinkedHashMap<>();
    for (int g : new int[] {2, 4, 8}) {
      Interval b = e5.get(GroupSizeExperiment.VARIANTS.get(1).name() + "/" + g).relativeBiasSq();
      Interval scaled = new Interval(b.value() * g * g, b.low() * g * g, b.high() * g * g);
      f.add(Finding.near("E5 (G " + g + ")", "group-mean baseline: G^2 x relative bias^2 = 1 (the (G-1)/G scale)",
          scaled, 1, 0.1));
      e5json.put("g2_bias_sq_group_mean_g" + g, SuiteReport.interval(scaled));
      Interval loo = e5.get(GroupSizeExperiment.VARIANTS.get(0).name() + "/" + g).relativeBiasSq();
      f.add(Finding.near("E5 (G " + g + ")", "leave-one-out baseline: no bias (relative bias^2 = 0)", loo, 0, 1e-3));
      e5json.put("bias_sq_loo_g" + g, SuiteReport.interval(loo));
    }
    json.put("e5", e5json);

    log.println("== Bridge: the tiny transformer");
    TransformerBridge.Config bc = sizes.bridge();
    TransformerBridge.Result br = TransformerBridge.runAndWrite(bc, seed, out.resolve("bridge"), charts, log);
    List<Estimator> treeOrder = TransformerBridge.treeOrder(e1, bc.maxTokens());
    String bn = "Bridge (T_max " + bc.maxTokens() + ")";
    f.add(Finding.atMost(bn, "TIC-GRPO unbiased on the transformer too: relative bias at delta 1",
        br.atLargestDelta().get(Estimator.TIC), 1e-8));
    f.add(Finding.near(bn, "GRPO's bias linear in the step on the transformer", br.slopes().get(Estimator.GRPO), 1,
        0.05));
    f.add(Finding.above(bn, "GRPO far more biased than TIC on the transformer: log10(GRPO / TIC relative bias) at "
        + "delta 1, mean over seeds", Stats.mean(log10Ratio(br, Estimator.GRPO, Estimator.TIC)), 3));
    List<Estimator> coarse = List.of(Estimator.TIC, Estimator.GSPO);
    boolean coarseHeld = br.order().get(0) == Estimator.TIC && treeOrder.get(0) == Estimator.TIC
        && br.order().get(br.order().size() - 1) == Estimator.GSPO
        && treeOrder.get(treeOrder.size() - 1) == Estimator.GSPO;
    f.add(new Finding(bn, "the transformer orders the estimators as the token tree does, coarsely: " + coarse.get(0)
        + " lowest, GRPO and no-IS next, " + coarse.get(1) + " highest (measured: no-IS stale / GRPO bias ratio at delta 1)",
        Stats.mean(ratio(br, Estimator.NO_IS_STALE, Estimator.GRPO)), "TIC first and GSPO last in both orders",
        coarseHeld));
    f.add(new Finding(bn, "the same full order at delta 1: tree " + treeOrder + ", transformer " + br.order(),
        Interval.exact(br.order().equals(treeOrder) ? 1 : 0), "orders equal (1) or not (0)",
        br.order().equals(treeOrder)));
    json.put("bridge", SuiteReport.map("tic_relative_bias", br.atLargestDelta().get(Estimator.TIC),
        "grpo_relative_bias", br.atLargestDelta().get(Estimator.GRPO), "nois_stale_relative_bias",
        br.atLargestDelta().get(Estimator.NO_IS_STALE), "nois_frozen_relative_bias",
        br.atLargestDelta().get(Estimator.NO_IS_FROZEN), "gspo_relative_bias",
        br.atLargestDelta().get(Estimator.GSPO), "slope_grpo", br.slopes().get(Estimator.GRPO),
        "order_transformer", br.order().stream().map(Estimator::cliName).toList(),
        "order_tree", treeOrder.stream().map(Estimator::cliName).toList(),
        "same_order", br.order().equals(treeOrder)));

    double seconds = (System.nanoTime() - start) / 1e9;
    SuiteReport.write(out, f, json, quick, seed, seconds, bc.maxTokens(), log);
    return f;
  }

  private static double[] ratio(TransformerBridge.Result br, Estimator a, Estimator b) {
    double[][] x = br.relativeBias().get(a);
    double[][] y = br.relativeBias().get(b);
    double[] out = new double[x.length];
    for (int s = 0; s < x.length; s++) {
      out[s] = x[s][x[s].length - 1] / y[s][y[s].length - 1];
    }
    return out;
  }

  private static double[] log10Ratio(TransformerBridge.Result br, Estimator a, Estimator b) {
    return java.util.Arrays.stream(ratio(br, a, b)).map(Math::log10).toArray();
  }

  private static double[] atDelta(BiasExperiment.Result r, int t, Estimator e, int deltaIndex) {
    double d = BiasExperiment.deltas()[deltaIndex];
    return r.points().stream().filter(p -> p.maxTokens() == t && p.estimator() == e && p.delta() == d)
        .mapToDouble(BiasExperiment.Point::relativeBias).toArray();
  }

  private static double[] ratioAtSmallestDelta(BiasExperiment.Result r, int t) {
    double[] a = atDelta(r, t, Estimator.NO_IS_STALE, 0);
    double[] b = atDelta(r, t, Estimator.GRPO, 0);
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] / b[i];
    }
    return out;
  }
}
