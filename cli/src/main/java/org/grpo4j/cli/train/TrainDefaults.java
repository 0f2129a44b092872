package org.grpo4j.cli.train;

import java.io.PrintStream;
import org.grpo4j.bench.train.TrainIterationBenchmark;
import picocli.CommandLine;

/** {@code grpo4j train}'s embedded defaults for other commands (the iteration benchmark runs at these sizes). */
public final class TrainDefaults {
  private TrainDefaults() {}

  /** Times GRPO iterations of the default run's policy (without the warm start), task and configuration. */
  public static void benchmark(int warmup, int rounds, PrintStream out) {
    TrainCommand c = new TrainCommand();
    new CommandLine(c).parseArgs(); // fills the defaults
    TrainIterationBenchmark.run(c.model.policy(c.seed, c.trainConfig()), c.task.build(c.seed), c.trainConfig(), warmup, rounds, out);
  }
}
