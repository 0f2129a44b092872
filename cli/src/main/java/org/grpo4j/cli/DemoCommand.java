package org.grpo4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.grpo4j.cli.check.Bounds;
import org.grpo4j.cli.check.ExistingOutput;
import org.grpo4j.cli.check.Outputs;
import org.grpo4j.cli.demo.DemoConfig;
import org.grpo4j.nn.memory.MemoryBudget;
import org.grpo4j.cli.demo.SpiralDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grpo4j demo}: trains an MLP on a generated spiral set with the autograd engine. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Train an MLP on a generated 3-arm spiral with grpo4j's autograd and AdamW; writes metrics.jsonl,"
        + " loss.png and accuracy.png.")
public final class DemoCommand implements Callable<Integer> {
  private static final DemoConfig D = DemoConfig.defaults();

  @Option(names = "--steps", description = "optimizer steps (default ${DEFAULT-VALUE})")
  int steps = D.steps();

  @Option(names = "--hidden", description = "hidden width (default ${DEFAULT-VALUE})")
  int hidden = D.hidden();

  @Option(names = "--batch", description = "batch size (default ${DEFAULT-VALUE})")
  int batch = D.batch();

  @Option(names = "--lr", description = "AdamW learning rate (default ${DEFAULT-VALUE})")
  double lr = D.lr();

  @Option(names = "--seed", description = "seed for data, weights and batches (default ${DEFAULT-VALUE})")
  long seed = D.seed();

  @Option(names = "--out", description = "output directory (default ${DEFAULT-VALUE})")
  Path out = D.out();

  @Option(names = "--overwrite", description = "replace the results of an earlier run in --out (else an error)")
  boolean overwrite;

  @Override
  public Integer call() {
    Bounds.require("--hidden", hidden, 1, 1 << 14);
    Bounds.require("--steps", steps, 1, 100_000_000);
    MemoryBudget.current().requireOffHeap(MemoryBudget.times(MemoryBudget.times(hidden, hidden), 4 * 8),
        () -> "--hidden " + hidden + " (weights, gradients, AdamW moments and activations)");
    Outputs.directory(out, "--out", ExistingOutput.of(overwrite, false), "metrics.jsonl", "loss.png",
        "accuracy.png");
    DemoConfig c = new DemoConfig(D.classes(), D.perClass(), hidden, steps, batch, lr, D.evalEvery(), seed, out);
    SpiralDemo.run(c, System.out);
    return 0;
  }
}
