package org.grpo4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.grpo4j.rl.exact.BiasExperiment;
import org.grpo4j.rl.exact.Clip;
import org.grpo4j.rl.exact.ConvergenceExperiment;
import org.grpo4j.rl.exact.ConvergenceRun;
import org.grpo4j.rl.exact.GroupSizeExperiment;
import org.grpo4j.rl.exact.StalenessExperiment;
import org.grpo4j.rl.exact.VarianceExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grpo4j experiment}: the convergence-theory experiments on the exactly solvable token tree. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Convergence-theory experiments on the exactly solvable token-tree problem (spec/convergence.md)."
        + " bias: E1, each estimator's exact relative bias against the step from theta_old; writes bias.csv,"
        + " bias_T*.png and summary.md. convergence: E3, running average of the exact |grad J|^2 over N iterations"
        + " for exact PG, GRPO, no-IS, TIC-GRPO (with and without clipping), GSPO, Dr. GRPO; writes convergence.csv, two PNGs and"
        + " summary.md. variance: E2, Monte Carlo error of the mean estimate against the number of groups, and"
        + " the covariance of one group's estimate, at three distances from theta_old. staleness: E4, final J gap"
        + " and mean |grad J|^2 over K in {1, 2, 4, 8, 16} x three step sizes at a fixed number of updates."
        + " group_size: E5, bias^2 and variance of a batch estimate for G in {2, ..., 32}, B fixed and B * G fixed.")
public final class ExperimentCommand implements Callable<Integer> {
  /** The experiments available. */
  enum Name { BIAS, VARIANCE, CONVERGENCE, STALENESS, GROUP_SIZE }

  @Parameters(index = "0", description = "which experiment: ${COMPLETION-CANDIDATES}")
  Name name;

  @Option(names = "--max-tokens", split = ",",
      description = "maximum output lengths (bias: all, default 5,6,8; convergence: the first, default 5)")
  int[] maxTokens;

  @Option(names = "--iterations", description = "convergence: iterations N (default ${DEFAULT-VALUE})")
  int iterations = 2000;

  @Option(names = "--seeds", description = "variance, convergence, staleness: sampling seeds or repetitions (default ${DEFAULT-VALUE})")
  int seeds = 10;

  @Option(names = "--groups", description = "convergence: groups B per iteration (default ${DEFAULT-VALUE})")
  int groups = 4;

  @Option(names = "--group-size", description = "convergence: outputs G per group (default ${DEFAULT-VALUE})")
  int groupSize = 8;

  @Option(names = "--inner-steps", description = "convergence: steps K per iteration (default ${DEFAULT-VALUE})")
  int innerSteps = 4;

  @Option(names = "--eta-scale", description = "convergence: c in eta = c / sqrt(N) (default ${DEFAULT-VALUE})")
  double etaScale = 2;

  @Option(names = "--eps", description = "convergence: clip range (default ${DEFAULT-VALUE})")
  double eps = 0.2;

  @Option(names = "--seed", description = "seed of theta_old and the direction (default ${DEFAULT-VALUE})")
  long seed = 7;

  @Option(names = "--out", description = "output directory (default runs/experiment-<name>)")
  Path out;

  @Override
  public Integer call() {
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds " + seeds + " must be >= 1");
    }
    int[] lengths = maxTokens != null ? maxTokens : name == Name.BIAS ? new int[] {5, 6, 8}
        : name == Name.VARIANCE || name == Name.GROUP_SIZE ? new int[] {6} : new int[] {5};
    for (int t : lengths) {
      if (t < 1 || t > 12) {
        throw new IllegalArgumentException("--max-tokens " + t + " must be in [1, 12]");
      }
    }
    Path dir = out != null ? out : Path.of("runs", "experiment-" + name.name().toLowerCase(java.util.Locale.ROOT));
    switch (name) {
      case BIAS -> BiasExperiment.runAndWrite(lengths, seeds, seed, dir, Plots.PNG, System.out);
      case VARIANCE -> VarianceExperiment.runAndWrite(lengths[0], new double[] {0, 1, 3}, groupSize, 3000,
          seeds, seed, dir, Plots.PNG, System.out);
      case STALENESS -> StalenessExperiment.runAndWrite(lengths[0], new int[] {1, 2, 4, 8, 16},
          new double[] {0.1, 0.3, 1.0}, iterations, seeds, seed, dir, Plots.PNG, System.out);
      case GROUP_SIZE -> GroupSizeExperiment.runAndWrite(lengths[0], 0.5, 4, 64, 20_000, seed, dir, Plots.PNG,
          System.out);
      case CONVERGENCE -> {
        ConvergenceRun.Config c = new ConvergenceRun.Config(lengths[0], iterations, groups, groupSize, innerSteps,
            etaScale / Math.sqrt(iterations), Clip.of(eps));
        ConvergenceExperiment.runAndWrite(c, seeds, seed, dir, Plots.PNG, System.out);
      }
      default -> throw new IllegalStateException("unknown experiment " + name);
    }
    return 0;
  }
}
