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
      "e1-bias-markov", "e2-covariance", "e3-convergence", "e3-adam", "e3-constant", "e4-staleness", "e5-group-size",
      "bridge", "bridge-mc", "bridge-e3", "bridge-e3-adam", "bridge-e3-constant");
  private static final int[] KS = {1, 2, 4, 8, 16};
  private static final double[] ETAS = {0.1, 0.3, 1.0};
  /** E3's constant step size (independent of N). */
  private static final double CONSTANT_ETA = 0.5;
  /** The estimators of E3's Adam and constant-step runs. */
  private static final List<Estimator> E3_EXTRA = List.of(Estimator.EXACT_PG, Estimator.GRPO, Estimator.NO_IS_FROZEN,
      Estimator.TIC);
  /**
   * E1's tolerance on a log-log slope of 1: bias(delta) = c1 delta + c2 delta^2 + ... (and |grad J(theta)| moves with
   * delta too), so a fit over delta <= 0.1 has slope 1 + O(0.1 c2 / c1); 0.01 allows that curvature term, and the
   * fit over delta <= 0.01, where the term is ten times smaller, is reported beside it.
   */
  static final double SLOPE_TOLERANCE = 0.01;

  private ExperimentSuite() {}

  /** Runs everything at {@code sizes} into {@code out}; refuses to overwrite earlier results unless asked. */
  public static List<Finding> run(SuiteSizes sizes, boolean quick, long seed, Path out, boolean overwrite,
      ChartWriter charts, PrintStream log) {
    ExperimentFiles.refuseOverwrite(out, overwrite, FILES);
    long start = System.nanoTime();
    List<Finding> f = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Object> json = new LinkedHashMap<>();

    log.println("== E1: bias against staleness");
    int[] lengths = {5, 6, 8};
    BiasExperiment.Result e1 = BiasExperiment.runAndWrite(lengths, sizes.biasSeeds(), seed, out.resolve("e1-bias"),
        charts, log);
    Map<String, Object> e1json = TreeFindings.e1(e1, "E1", lengths, f, notes);
    log.println("== E1 on the Markov policy");
    BiasExperiment.Result e1m = BiasExperiment.runAndWrite(PolicyContext.MARKOV, lengths, sizes.biasSeeds(), seed,
        out.resolve("e1-bias-markov"), charts, log);
    e1json.put("markov", TreeFindings.e1(e1m, "E1 Markov", lengths, f, notes));
    json.put("e1", e1json);

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
    log.println("== E2: covariance trace against delta and T_max");
    int[] covLengths = {4, 5, 6, 7, 8};
    double[] covDeltas = {0, 1, 3, 10};
    List<CovarianceExperiment.Cell> cov = CovarianceExperiment.runAndWrite(covLengths, covDeltas,
        sizes.covarianceSeeds(), seed, out.resolve("e2-covariance"), charts, log);
    Map<String, Object> covJson = TreeFindings.covariance(cov, f);
    json.put("e2", SuiteReport.map("slope_tic", ticSlope, "slope_grpo_delta3",
        e2.get(VarianceExperiment.slopeKey(grpoLoo, 3)), "covariance", covJson));

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
    for (StepRule rule : StepRule.values()) {
      boolean adam = rule == StepRule.ADAM;
      double eta = adam ? 1 / Math.sqrt(n) : CONSTANT_ETA;
      String name = adam ? "adam" : "constant";
      log.println("== E3: " + (adam ? "Adam, eta 1/sqrt(N)" : "SGD, constant eta " + CONSTANT_ETA));
      Map<Estimator, ConvergenceExperiment.Curves> e3x = ConvergenceExperiment.runAndWrite(c3.with(rule, eta),
          E3_EXTRA, sizes.convergenceSeeds(), seed, out.resolve("e3-" + name), charts, log);
      for (Estimator e : E3_EXTRA) {
        f.add(Finding.below("E3 " + (adam ? "Adam" : "constant eta " + CONSTANT_ETA), e + ": running average of "
            + "|grad J|^2 falls (slope over the second half < 0)", e3x.get(e).secondHalfSlope(), 0));
        e3json.put(name + "_slope_" + e.cliName(), SuiteReport.interval(e3x.get(e).secondHalfSlope()));
        e3json.put(name + "_final_j_" + e.cliName(), SuiteReport.interval(e3x.get(e).finalObjective()));
      }
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
    Interval ticClip16 = e4.get("TIC/16/1.0").clipFraction();
    f.add(Finding.above("E4 (eta 1)", "TIC's trajectory clip fraction grows with staleness: at K = 16 (0 at K = 1, "
        + "where rho = 1)", ticClip16, e4.get("TIC/1/1.0").clipFraction().high()));
    json.put("e4", SuiteReport.map("grpo_gap_k1_eta1", g1, "grpo_gap_k16_eta1", g16, "tic_gap_k16_eta1",
        e4.get("TIC/16/1.0").finalGap(), "nois_frozen_gap_k16_eta1", e4.get("NO_IS_FROZEN/16/1.0").finalGap(),
        "tic_clip_fraction_k16_eta1", ticClip16, "grpo_clip_fraction_k16_eta1", e4.get("GRPO/16/1.0").clipFraction()));

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
      f.add(new Finding("E5 (G " + g + ")", "leave-one-out baseline: no bias (relative bias^2 = 0)", loo,
          "interval holds 0", loo.contains(0)));
      e5json.put("bias_sq_loo_g" + g, SuiteReport.interval(loo));
    }
    json.put("e5", e5json);

    log.println("== Bridge: the tiny transformer");
    json.put("bridge", BridgeSuite.run(sizes, seed, out, e1, f, notes, charts, log));

    double seconds = (System.nanoTime() - start) / 1e9;
    SuiteReport.write(out, f, notes, json, quick, seed, seconds, log);
    return f;
  }
}
