package org.grpo4j.rl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.grpo4j.rl.exact.BiasExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grpo4j experiment}: the convergence-theory experiments on the exactly solvable token tree. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Convergence-theory experiments on the exactly solvable token-tree problem (spec/convergence.md)."
        + " bias: E1, each estimator's exact relative bias against the step from theta_old; writes bias.csv,"
        + " bias_T*.png and summary.md.")
public final class ExperimentCommand implements Callable<Integer> {
  /** The experiments available. */
  enum Name { BIAS }

  @Parameters(index = "0", description = "which experiment: ${COMPLETION-CANDIDATES}")
  Name name;

  @Option(names = "--max-tokens", split = ",", description = "maximum output lengths (default 5,6,8)")
  int[] maxTokens = {5, 6, 8};

  @Option(names = "--seed", description = "seed of theta_old and the direction (default ${DEFAULT-VALUE})")
  long seed = 7;

  @Option(names = "--out", description = "output directory (default runs/experiment-<name>)")
  Path out;

  @Override
  public Integer call() {
    for (int t : maxTokens) {
      if (t < 1 || t > 12) {
        throw new IllegalArgumentException("--max-tokens " + t + " must be in [1, 12]");
      }
    }
    Path dir = out != null ? out : Path.of("runs", "experiment-" + name.name().toLowerCase(java.util.Locale.ROOT));
    switch (name) {
      case BIAS -> BiasExperiment.runAndWrite(maxTokens, seed, dir, System.out);
      default -> throw new IllegalStateException("unknown experiment " + name);
    }
    return 0;
  }
}
