package org.grpo4j.cli;

import static org.grpo4j.rl.exact.ExperimentFiles.bounded;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.grpo4j.cli.check.ExistingOutput;
import org.grpo4j.cli.check.Outputs;
import org.grpo4j.rl.exact.BiasExperiment;
import org.grpo4j.rl.exact.Clip;
import org.grpo4j.rl.exact.ConvergenceExperiment;
import org.grpo4j.rl.exact.ConvergenceRun;
import org.grpo4j.rl.exact.CovarianceExperiment;
import org.grpo4j.rl.exact.ExperimentFiles;
import org.grpo4j.rl.exact.ExperimentSuite;
import org.grpo4j.rl.exact.GroupSizeExperiment;
import org.grpo4j.rl.exact.PolicyContext;
import org.grpo4j.rl.exact.StalenessExperiment;
import org.grpo4j.rl.exact.StepRule;
import org.grpo4j.rl.exact.SuiteSizes;
import org.grpo4j.rl.exact.TransformerBridge;
import org.grpo4j.rl.exact.TransformerConvergence;
import org.grpo4j.rl.exact.TransformerMonteCarlo;
import org.grpo4j.rl.exact.TransformerPolicy;
import org.grpo4j.rl.exact.VarianceExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grpo4j experiment}: the convergence-theory experiments on the exactly solvable token tree. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Convergence-theory experiments on the exactly solvable token-tree problem (spec/convergence.md)."
        + " all: E1-E5 and the bridge, then report.md and summary.json (--quick: small sizes)."
        + " bias: E1, each estimator's exact relative bias against the step from theta_old. variance: E2, Monte Carlo"
        + " error of the mean estimate against the number of groups. convergence: E3, running average of the exact"
        + " |grad J|^2 for every estimator. staleness: E4, K x step size grid. group_size: E5, bias^2 and variance"
        + " against G. bridge: E1 with the tiny transformer as the policy. covariance: E2's covariance trace against"
        + " delta and T_max (exact). bridge_convergence: E3 with the transformer. bridge_mc: E1 on the transformer"
        + " against a Monte Carlo reference (beyond enumeration). Every number comes with a 95%% interval."
        + " Results in --out are never overwritten without --overwrite.")
public final class ExperimentCommand implements Callable<Integer> {
  /** Largest step size: at 30 and more, Adam's first steps already overflow the token tree's logits. */
  static final double MAX_ETA = 10;

  /** The experiments available. */
  enum Name { ALL, BIAS, VARIANCE, COVARIANCE, CONVERGENCE, STALENESS, GROUP_SIZE, BRIDGE, BRIDGE_CONVERGENCE,
    BRIDGE_MC }

  @Parameters(index = "0", description = "which experiment: ${COMPLETION-CANDIDATES}")
  Name name;

  @Option(names = "--quick", description = "all: the quick sizes (a few minutes on 2 cores)")
  boolean quick;

  @Option(names = "--overwrite", description = "replace earlier results in --out")
  boolean overwrite;

  @Option(names = "--max-tokens", split = ",",
      description = "maximum output lengths (bias: all, default 5,6,8; others: the first)")
  int[] maxTokens;

  @Option(names = "--iterations", description = "convergence, staleness, bridge_convergence: iterations / updates N"
      + " (default 2000; bridge_convergence: the full suite's 200)")
  Integer iterationsOption;

  @Option(names = "--seeds", description = "sampling seeds or repetitions (default 10; bridge_convergence: 5)")
  Integer seedsOption;

  @Option(names = "--groups", description = "convergence: groups B per iteration (default ${DEFAULT-VALUE})")
  int groups = 4;

  @Option(names = "--group-size", description = "convergence, variance: outputs G per group (default ${DEFAULT-VALUE})")
  int groupSize = 8;

  @Option(names = "--inner-steps", description = "convergence, bridge_convergence: steps K per iteration (default 4;"
      + " bridge_convergence: 2)")
  Integer innerStepsOption;

  @Option(names = "--eta-scale", description = "convergence, bridge_convergence: c in eta = c / sqrt(N) (default 2;"
      + " bridge_convergence: 0.3 with SGD, 0.03 with Adam, as in the suite)")
  Double etaScaleOption;

  @Option(names = "--eta", description = "convergence, bridge_convergence: a constant step size in (0, 10] (overrides"
      + " --eta-scale)")
  Double eta;

  @Option(names = "--step-rule", description = "convergence, bridge_convergence: ${COMPLETION-CANDIDATES} (default "
      + "${DEFAULT-VALUE})")
  StepRule stepRule = StepRule.SGD;

  @Option(names = "--policy", description = "bias, convergence: the token tree's policy, PREFIX (tabular) or MARKOV"
      + " (position, previous token) (default ${DEFAULT-VALUE})")
  PolicyContext policy = PolicyContext.PREFIX;

  @Option(names = "--samples", description = "bridge_mc: outputs drawn from each policy (default ${DEFAULT-VALUE})")
  int samples = 8192;

  @Option(names = "--eps", description = "convergence, bridge_convergence: clip range of GRPO, Dr. GRPO and TIC, in"
      + " [0, 1) (default ${DEFAULT-VALUE})")
  double eps = 0.2;

  @Option(names = "--gspo-eps", split = ",", description = "convergence: GSPO's clip range low,high (default 3e-4,4e-4)")
  double[] gspoEps = {3e-4, 4e-4};

  @Option(names = "--seed", description = "seed of theta_old and the direction (default ${DEFAULT-VALUE})")
  long seed = 7;

  @Option(names = "--out", description = "output directory (default runs/experiment-<name>)")
  Path out;

  @Override
  public Integer call() {
    // bridge_convergence run alone defaults to the full suite's sizes (SuiteSizes.full()), the rest to their own
    boolean bridgeE3 = name == Name.BRIDGE_CONVERGENCE;
    TransformerConvergence.Config suite = SuiteSizes.full().bridgeConvergence();
    int iterations = iterationsOption != null ? iterationsOption : bridgeE3 ? suite.iterations() : 2000;
    int seeds = seedsOption != null ? seedsOption : bridgeE3 ? suite.seeds() : 10;
    int innerSteps = innerStepsOption != null ? innerStepsOption : bridgeE3 ? suite.innerSteps() : 4;
    double etaScale = etaScaleOption != null ? etaScaleOption : !bridgeE3 ? 2
        : stepRule == StepRule.ADAM ? TransformerConvergence.ADAM_ETA_SCALE : TransformerConvergence.SGD_ETA_SCALE;
    bounded("--seeds", seeds, name == Name.CONVERGENCE || name == Name.BRIDGE || name == Name.COVARIANCE
        || name == Name.BRIDGE_CONVERGENCE ? 2 : 1, 1000);
    bounded("--samples", samples, 64, 1_000_000);
    if (eta != null && !(eta > 0 && eta <= MAX_ETA)) {
      throw new IllegalArgumentException("--eta " + eta + " is out of range (expected > 0 and at most " + MAX_ETA
          + "; larger steps overflow the policy's logits)");
    }
    if (!(etaScale > 0 && etaScale < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("--eta-scale " + etaScale + " is out of range (expected finite and > 0,"
          + " with eta = c / sqrt(N) at most " + MAX_ETA + ")");
    }
    if (!(eps >= 0 && eps < 1)) {
      throw new IllegalArgumentException("--eps " + eps + " is out of range (expected 0 <= eps < 1: the clip range"
          + " is [1 - eps, 1 + eps])");
    }
    // the convergence slopes are fitted over the second half of the iterations: at least two points there
    bounded("--iterations", iterations, name == Name.CONVERGENCE || bridgeE3 ? 4 : 1, ConvergenceRun.MAX_ITERATIONS);
    bounded("--groups", groups, 1, 10_000);
    bounded("--group-size", groupSize, 2, 1024);
    bounded("--inner-steps", innerSteps, 1, 1000);
    if (gspoEps.length != 2) {
      throw new IllegalArgumentException("--gspo-eps takes two values low,high, got " + gspoEps.length);
    }
    if (!(gspoEps[0] >= 0 && gspoEps[0] < 1 && gspoEps[1] >= 0 && gspoEps[1] < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("--gspo-eps " + gspoEps[0] + "," + gspoEps[1] + " is out of range (expected"
          + " 0 <= low < 1 and a finite high >= 0)");
    }
    int[] lengths = maxTokens != null ? maxTokens : name == Name.BIAS ? new int[] {5, 6, 8}
        : name == Name.COVARIANCE ? new int[] {4, 5, 6, 7, 8} : name == Name.BRIDGE_MC ? new int[] {16}
        : name == Name.VARIANCE || name == Name.GROUP_SIZE ? new int[] {6} : new int[] {5};
    for (int t : lengths) {
      bounded("--max-tokens", t, 1, switch (name) {
        case BRIDGE -> 7;
        case BRIDGE_CONVERGENCE -> 6;
        case COVARIANCE -> 10;
        case BRIDGE_MC -> TransformerPolicy.MAX_TOKENS;
        default -> 12;
      });
    }
    double step = eta != null ? eta : etaScale / Math.sqrt(iterations);
    if (step > MAX_ETA) {
      throw new IllegalArgumentException("--eta-scale " + etaScale + " gives eta = " + etaScale + " / sqrt("
          + iterations + ") = " + step + ", more than " + MAX_ETA + " (larger steps overflow the policy's logits)");
    }
    Path dir = out != null ? out : Path.of("runs", "experiment-" + name.name().toLowerCase(Locale.ROOT));
    // a directory (or creatable as one) and writable, before any work; earlier results are looked for below
    Outputs.directory(dir, "--out", ExistingOutput.REPLACE);
    ExperimentFiles.refuseOverwrite(dir, overwrite, switch (name) {
      case ALL -> ExperimentSuite.FILES;
      case BIAS -> BiasExperiment.FILES;
      case VARIANCE -> VarianceExperiment.FILES;
      case CONVERGENCE -> ConvergenceExperiment.FILES;
      case STALENESS -> StalenessExperiment.FILES;
      case GROUP_SIZE -> GroupSizeExperiment.FILES;
      case BRIDGE -> TransformerBridge.FILES;
      case COVARIANCE -> CovarianceExperiment.FILES;
      case BRIDGE_CONVERGENCE -> ConvergenceExperiment.FILES;
      case BRIDGE_MC -> List.of("monte-carlo.csv", "summary.md");
    });
    switch (name) {
      case ALL -> ExperimentSuite.run(quick ? SuiteSizes.quick() : SuiteSizes.full(), quick, seed, dir, overwrite,
          Plots.PNG, System.out);
      case BIAS -> BiasExperiment.runAndWrite(policy, lengths, seeds, seed, dir, Plots.PNG, System.out);
      case COVARIANCE -> CovarianceExperiment.runAndWrite(lengths, new double[] {0, 1, 3, 10}, Math.max(2, seeds),
          seed, dir, Plots.PNG, System.out);
      case VARIANCE -> VarianceExperiment.runAndWrite(lengths[0], new double[] {0, 1, 3}, groupSize, 3000,
          seeds, seed, dir, Plots.PNG, System.out);
      case STALENESS -> StalenessExperiment.runAndWrite(lengths[0], new int[] {1, 2, 4, 8, 16},
          new double[] {0.1, 0.3, 1.0}, iterations, seeds, seed, dir, Plots.PNG, System.out);
      case GROUP_SIZE -> GroupSizeExperiment.runAndWrite(lengths[0], 0.5, 4, 64, 20_000, seed, dir, Plots.PNG,
          System.out);
      case CONVERGENCE -> ConvergenceExperiment.runAndWrite(new ConvergenceRun.Config(lengths[0], iterations,
          groups, groupSize, innerSteps, step, new Clip(eps, eps, gspoEps[0], gspoEps[1]), policy, stepRule), seeds,
          seed, dir, Plots.PNG, System.out);
      case BRIDGE_CONVERGENCE -> TransformerConvergence.runAndWrite(new TransformerConvergence.Config(lengths[0],
          suite.layers(), suite.width(), iterations, groups, groupSize, innerSteps, step, new Clip(eps, eps,
          gspoEps[0], gspoEps[1]), seeds, stepRule), seed, dir, Plots.PNG, System.out);
      case BRIDGE_MC -> TransformerMonteCarlo.write(List.of(TransformerMonteCarlo.run(new TransformerMonteCarlo.Config(
          lengths[0], 1, 16, 16, Math.max(groupSize, samples / 16 / groupSize * groupSize), groupSize, 1.0), seed)),
          dir, System.out);
      case BRIDGE -> TransformerBridge.runAndWrite(new TransformerBridge.Config(lengths[0], 1, 16, seeds), seed, dir,
          Plots.PNG, System.out);
      default -> throw new IllegalStateException("unknown experiment " + name);
    }
    return 0;
  }
}
