package org.grpo4j.transformer;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.grpo4j.autograd.KernelMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Grouped-query attention with the KV cache (left-padded ragged prompts, then one token per step) gives the logits
 * of a full recomputation at every position, for random Llama / Qwen2 / Qwen3 shapes, in float64 and float32, on the
 * float32 host kernels and on the ND4J-only path.
 */
class LlamaKvCacheTest {
  @Test
  void cachedDecodingMatchesFullRecomputationInFloat64() {
    randomConfigs(DataType.DOUBLE, 1e-9, 20, 81);
  }

  @Test
  void cachedDecodingMatchesInFloat32() {
    randomConfigs(DataType.FLOAT, 1e-4, 8, 82);
  }

  @Test
  void cachedDecodingMatchesInFloat32OnTheNd4jOnlyPath() {
    try (KernelMode.Scope mode = KernelMode.use(KernelMode.ND4J)) {
      randomConfigs(DataType.FLOAT, 1e-4, 8, 82);
    }
  }

  private static void randomConfigs(DataType dtype, double tol, int examples, long fixedSeed) {
    qt().withExamples(examples).withFixedSeed(fixedSeed).forAll(integers().between(1, 2), integers().between(1, 3),
        integers().between(1, 3), longs().all()).checkAssert((layers, kvHeads, group, seed) -> {
          SplittableRandom r = new SplittableRandom(seed);
          ModelFamily family = ModelFamily.values()[r.nextInt(3)];
          int heads = kvHeads * group;
          int headDim = 2 * (1 + r.nextInt(3));
          LlamaConfig c = new LlamaConfig(family, layers, 4 + r.nextInt(8), heads, kvHeads, headDim,
              2 + r.nextInt(10), 3 + r.nextInt(20), 4 + r.nextInt(12), 1e-6,
              RopeConfig.plain(r.nextDouble(100, 20000)), r.nextBoolean(), family == ModelFamily.QWEN2,
              family == ModelFamily.QWEN3);
          Llama model = new Llama(c, seed, dtype);
          double boost = dtype == DataType.DOUBLE ? 10 : 3; // peaky attention: every slot matters
          model.namedParameters().forEach((name, p) -> p.data().muli(boost));
          int batch = 1 + r.nextInt(3);
          List<int[]> seqs = new ArrayList<>();
          List<int[]> prompts = new ArrayList<>();
          for (int b = 0; b < batch; b++) {
            int[] s = r.ints(1 + r.nextInt(c.maxPositions()), 0, c.vocabSize()).toArray();
            seqs.add(s);
            prompts.add(java.util.Arrays.copyOf(s, 1 + r.nextInt(s.length)));
          }
          KvCacheTest.check(model, seqs, prompts, tol * scale(model));
        });
  }

  /** Logits grow with the weights (scaled 10x): tolerance relative to the largest logit magnitude seen. */
  private static double scale(Llama model) {
    return 1 + Math.sqrt(model.hiddenSize());
  }
}
