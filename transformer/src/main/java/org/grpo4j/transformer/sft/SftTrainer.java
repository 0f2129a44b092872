package org.grpo4j.transformer.sft;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.GradClip;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.Scorer;

/**
 * Supervised fine-tuning: next-token cross-entropy on prompt/completion pairs with the loss on completion tokens
 * only (mean over the batch's completion tokens), AdamW, a schedule and gradient clipping; used to warm-start RL
 * policies. Examples are visited in a seeded random order, reshuffled every epoch; the batch and learning rate of
 * a step depend only on the global step (the optimizer's step count), so training resumed from a checkpoint
 * continues exactly as if it had never stopped.
 */
public final class SftTrainer {
  private final LanguageModel model;
  private final AdamW optimizer;
  private final SftConfig config;

  /** A trainer of {@code model} updated by {@code optimizer} (whose learning rate the schedule sets). */
  public SftTrainer(LanguageModel model, AdamW optimizer, SftConfig config) {
    this.model = model;
    this.optimizer = optimizer;
    this.config = config;
  }

  /**
   * Runs {@code config.steps()} more optimizer steps over {@code data}, continuing from the optimizer's step count,
   * telling {@code listener} after each.
   */
  public SftResult train(List<SftExample> data, SftListener listener) {
    if (data.isEmpty()) {
      throw new IllegalArgumentException("sft: no training examples");
    }
    int limit = model.contextLength();
    for (int i = 0; i < data.size(); i++) {
      SftExample e = data.get(i);
      if (e.prompt().length + e.completion().length - 1 > limit) {
        throw new IllegalArgumentException("sft: example " + i + " has " + e.prompt().length + " prompt + "
            + e.completion().length + " completion tokens, more than the context of " + limit + " allows");
      }
    }
    double[] losses = new double[config.steps()];
    double[] norms = new double[config.steps()];
    long start = optimizer.steps();
    for (int step = 0; step < config.steps(); step++) {
      List<int[]> prompts = new ArrayList<>();
      List<int[]> completions = new ArrayList<>();
      long first = (start + step) * config.batchSize();
      int[] order = null;
      long epoch = -1;
      for (int i = 0; i < config.batchSize(); i++) {
        long k = first + i;
        if (k / data.size() != epoch) {
          epoch = k / data.size();
          order = shuffled(data.size(), new SplittableRandom(config.seed() + 0x9E3779B97F4A7C15L * epoch));
        }
        SftExample e = data.get(order[(int) (k % data.size())]);
        prompts.add(e.prompt());
        completions.add(e.completion());
      }
      try (MemoryScope scope = MemoryScope.recycling()) { // the step's intermediates are reused by the next step
        optimizer.zeroGrad();
        Tensor loss = Scorer.score(model, prompts, completions).meanNll();
        loss.backward();
        norms[step] = config.gradClip() > 0 ? GradClip.clipGlobalNorm(model.parameters(), config.gradClip())
            : Double.NaN;
        optimizer.setLearningRate(config.schedule().lr(optimizer.steps()));
        optimizer.step();
        losses[step] = loss.item();
      }
      listener.onStep(step + 1, config.steps(), losses[step]);
    }
    return new SftResult(losses, norms);
  }

  private static int[] shuffled(int n, SplittableRandom rng) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
