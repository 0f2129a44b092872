package org.grpo4j.bench.transformer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.sample.CacheMode;
import org.grpo4j.transformer.sample.Completion;
import org.grpo4j.transformer.sample.RolloutEngine;
import org.grpo4j.transformer.sample.SamplingConfig;

/**
 * The transformer benchmark, peers measured in the same run: training steps of the reference GPT (4 layers,
 * d 128, 4 heads, context 128, batch 16, vocab 512, AdamW) in grpo4j and in ND4J SameDiff with the same weights
 * (its own Adam, its fastest built-in GELU and layer norm), alternating step by step; then sampling 64 ragged
 * prompts x 128 new tokens (context 256) with the KV cache and with full recomputation.
 */
public final class TransformerBenchmark {
  /** The reference model of the training benchmark. */
  public static final GptConfig REFERENCE = GptConfig.of(4, 4, 128, 512, 128);
  private static final int BATCH = 16;
  private static final int PROMPTS = 64;

  private TransformerBenchmark() {}

  /** Runs everything ({@code quick}: fewer steps and 32 new tokens), prints a table and ratios, returns figures. */
  public static TransformerBenchResult run(boolean quick, PrintStream out) {
    out.printf("transformer benchmark (%s): reference GPT %d layers, d=%d, %d heads, context %d, vocab %d%n",
        quick ? "quick" : "full", REFERENCE.nLayer(), REFERENCE.nEmbd(), REFERENCE.nHead(), REFERENCE.nPositions(),
        REFERENCE.vocabSize());
    double[] train = train(quick ? 1 : 2, quick ? 3 : 8, out);
    int newTokens = quick ? 32 : 128;
    double[] sample = sample(newTokens, out);
    TransformerBenchResult r = new TransformerBenchResult(train[0], train[1], sample[0], sample[1], PROMPTS,
        newTokens);
    out.printf("training  grpo4j %8.0f tokens/s   SameDiff %8.0f tokens/s   ratio %.2fx (target >= 2)%n",
        r.trainTokensPerSecond(), r.sameDiffTrainTokensPerSecond(), r.trainRatio());
    out.printf("sampling  KV cache %8.0f tokens/s   recompute %8.0f tokens/s   ratio %.2fx (target >= 5)%n",
        r.sampleTokensPerSecondKvCache(), r.sampleTokensPerSecondRecompute(), r.kvCacheRatio());
    return r;
  }

  /** Median tokens/s of grpo4j and SameDiff training steps on one fixed batch, measured alternately. */
  static double[] train(int warmup, int rounds, PrintStream out) {
    int t = REFERENCE.nPositions();
    SplittableRandom rng = new SplittableRandom(1);
    int[][] x = new int[BATCH][];
    int[][] y = new int[BATCH][];
    int[] xFlat = new int[BATCH * t];
    int[] yFlat = new int[BATCH * t];
    for (int b = 0; b < BATCH; b++) {
      int[] s = rng.ints(t + 1, 0, REFERENCE.vocabSize()).toArray();
      x[b] = Arrays.copyOf(s, t);
      y[b] = Arrays.copyOfRange(s, 1, t + 1);
      System.arraycopy(x[b], 0, xFlat, b * t, t);
      System.arraycopy(y[b], 0, yFlat, b * t, t);
    }
    Gpt model = new Gpt(REFERENCE, 1);
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(1e-3), 0.1);
    SameDiffGpt peer = new SameDiffGpt(REFERENCE, model.stateDict(), BATCH, t, 1e-3, PeerForm.FAST);
    Runnable grpo = () -> {
      try (MemoryScope scope = MemoryScope.recycling()) {
        opt.zeroGrad();
        Tensor loss = model.loss(x, y);
        loss.backward();
        opt.step();
      }
    };
    Runnable sameDiff = () -> peer.step(xFlat, yFlat);
    for (int i = 0; i < warmup; i++) {
      grpo.run();
      sameDiff.run();
    }
    double[] ours = new double[rounds];
    double[] theirs = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      boolean oursFirst = r % 2 == 0;
      if (oursFirst) {
        ours[r] = seconds(grpo);
      }
      theirs[r] = seconds(sameDiff);
      if (!oursFirst) {
        ours[r] = seconds(grpo);
      }
      out.printf("  round %d: grpo4j %7.1f ms, SameDiff %7.1f ms%n", r + 1, ours[r] * 1e3, theirs[r] * 1e3);
    }
    double tokens = BATCH * t;
    return new double[] {tokens / median(ours), tokens / median(theirs)};
  }

  /** Generated tokens/s for 64 ragged prompts with the KV cache and with recomputation (same seed, same tokens). */
  static double[] sample(int newTokens, PrintStream out) {
    GptConfig c = new GptConfig(REFERENCE.nLayer(), REFERENCE.nHead(), REFERENCE.nEmbd(), REFERENCE.vocabSize(),
        256, REFERENCE.layerNormEpsilon(), 0.0);
    Gpt model = new Gpt(c, 2);
    SplittableRandom rng = new SplittableRandom(3);
    List<int[]> prompts = new ArrayList<>();
    for (int i = 0; i < PROMPTS; i++) {
      prompts.add(rng.ints(8 + rng.nextInt(9), 0, c.vocabSize()).toArray());
    }
    SamplingConfig cfg = SamplingConfig.sample(newTokens, 7);
    RolloutEngine.generate(model, prompts, cfg.withCacheMode(CacheMode.KV_CACHE)); // warm-up
    double[] result = new double[2];
    CacheMode[] modes = {CacheMode.KV_CACHE, CacheMode.RECOMPUTE};
    for (int m = 0; m < 2; m++) {
      SamplingConfig mc = cfg.withCacheMode(modes[m]);
      long t0 = System.nanoTime();
      List<Completion> done = RolloutEngine.generate(model, prompts, mc);
      double s = (System.nanoTime() - t0) / 1e9;
      long tokens = done.stream().mapToLong(Completion::length).sum();
      result[m] = tokens / s;
      out.printf("  sampling %-9s %d prompts x %d new tokens: %6.2f s%n", modes[m], PROMPTS, newTokens, s);
    }
    return result;
  }

  private static double seconds(Runnable r) {
    System.gc(); // untimed: neither implementation pays for the other's garbage (ND4J frees native memory on GC)
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }

  /** Runs the full benchmark on standard output ({@code --quick} for the short version). */
  public static void main(String[] args) {
    run(Arrays.asList(args).contains("--quick"), System.out);
  }
}
