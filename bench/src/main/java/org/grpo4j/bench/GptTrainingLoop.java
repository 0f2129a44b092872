package org.grpo4j.bench;

import java.util.SplittableRandom;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;

/**
 * The training loop the memory checks run: a small GPT (2 layers, d 64, 2 heads, context 64, vocab 256), AdamW, a
 * fresh random batch of 8 every step, each step in a recycling {@link MemoryScope}.
 */
final class GptTrainingLoop {
  private static final int BATCH = 8;

  private final GptConfig config = GptConfig.of(2, 2, 64, 256, 64);
  private final Gpt model = new Gpt(config, 5);
  private final AdamW opt = AdamW.forModel(model, AdamWConfig.of(1e-3), 0.01);
  private final SplittableRandom rng = new SplittableRandom(6);

  /** One training step on a fresh batch. */
  void step() {
    int[][] x = new int[BATCH][];
    int[][] y = new int[BATCH][];
    for (int b = 0; b < BATCH; b++) {
      x[b] = rng.ints(config.nPositions(), 0, config.vocabSize()).toArray();
      y[b] = rng.ints(config.nPositions(), 0, config.vocabSize()).toArray();
    }
    try (MemoryScope s = MemoryScope.recycling()) {
      opt.zeroGrad();
      model.loss(x, y).backward();
      opt.step();
    }
  }
}
