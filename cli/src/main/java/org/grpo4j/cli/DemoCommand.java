package org.grpo4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.grpo4j.cli.demo.DemoConfig;
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

  @Override
  public Integer call() {
    DemoConfig c = new DemoConfig(D.classes(), D.perClass(), hidden, steps, batch, lr, D.evalEvery(), seed, out);
    SpiralDemo.run(c, System.out);
    return 0;
  }
}
