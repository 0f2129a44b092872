package org.grpo4j.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.grpo4j.autograd.GradMode;
import org.junit.jupiter.api.Test;
import org.grpo4j.autograd.KernelMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** KV-cache decoding (and left padding) gives the logits of a full forward pass at every position. */
class KvCacheTest {
  @Test
  void closingFreesEveryLayersKeysAndValuesOnce() {
    KvCache cache = KvCache.allocate(3, 2, 4, 2, 8, DataType.FLOAT);
    for (int layer = 0; layer < 3; layer++) {
      assertTrue(!cache.keys(layer).wasClosed() && !cache.values(layer).wasClosed());
    }
    cache.close();
    for (int layer = 0; layer < 3; layer++) {
      assertTrue(cache.keys(layer).wasClosed(), "layer " + layer + " keys still allocated");
      assertTrue(cache.values(layer).wasClosed(), "layer " + layer + " values still allocated");
    }
    cache.close(); // twice: harmless
  }

  @Test
  void float32StoresStartZeroedOnCacheLinesAndCloseFreesThemAtOnce() {
    KvCache cache = KvCache.allocate(2, 3, 64, 4, 1024, DataType.FLOAT); // 12 MB of stores
    long stores = 2L * 2 * 3 * 64 * 4 * 1024 * Float.BYTES;
    for (int layer = 0; layer < 2; layer++) {
      for (INDArray a : new INDArray[] {cache.keys(layer), cache.values(layer)}) {
        assertEquals(0, org.grpo4j.autograd.HostFloats.address(a) % 64, "a store off a cache line");
        assertEquals(0.0, a.amaxNumber().doubleValue(), 0.0);
      }
    }
    long live = org.grpo4j.autograd.AlignedArrays.liveBytes(); // the collector may free other blocks: only less
    cache.close();
    long freed = live - org.grpo4j.autograd.AlignedArrays.liveBytes();
    assertTrue(freed >= stores, "closing the cache freed " + freed + " of " + stores + " bytes");
  }

  @Test
  void cachedDecodingMatchesFullForwardAtEveryPosition() {
    randomConfigs(DataType.DOUBLE, 1, 1e-9, 25, 76);
  }

  @Test
  void float32CachedDecodingMatchesOnRandomConfigs() { // the float32 CPU path: per-head GEMMs and host softmax
    randomConfigs(DataType.FLOAT, 30, 5e-5, 15, 77);
  }

  @Test
  void float32CachedDecodingMatchesOnTheNd4jOnlyPath() { // what other backends (CUDA) run
    try (KernelMode.Scope mode = KernelMode.use(KernelMode.ND4J)) {
      randomConfigs(DataType.FLOAT, 30, 5e-5, 15, 77);
    }
  }

  /**
   * Random small GPTs of {@code dtype} (c_attn weights scaled by {@code attnScale}: above 1 the attention is peaky,
   * so the scale, the mask and every slot's weight matter) with random ragged prompts, checked to {@code tol}.
   */
  private static void randomConfigs(DataType dtype, double attnScale, double tol, int examples, long fixedSeed) {
    qt().withExamples(examples).withFixedSeed(fixedSeed).forAll(integers().between(1, 2), integers().between(1, 3),
        integers().between(1, 5), longs().all()).checkAssert((layers, heads, headSize, seed) -> {
          SplittableRandom r = new SplittableRandom(seed);
          GptConfig c = GptConfig.of(layers, heads, heads * headSize, 3 + r.nextInt(20), 4 + r.nextInt(12));
          Gpt model = new Gpt(c, seed, dtype);
          model.namedParameters().forEach((name, p) -> {
            if (name.endsWith("c_attn.weight")) {
              p.data().muli(attnScale);
            }
          });
          int batch = 1 + r.nextInt(3);
          List<int[]> seqs = new ArrayList<>();
          List<int[]> prompts = new ArrayList<>();
          for (int b = 0; b < batch; b++) {
            int[] s = r.ints(1 + r.nextInt(c.nPositions()), 0, c.vocabSize()).toArray();
            seqs.add(s);
            prompts.add(java.util.Arrays.copyOf(s, 1 + r.nextInt(s.length)));
          }
          check(model, seqs, prompts, tol);
        });
  }

  @Test
  void float32CachedDecodingMatchesToFloatPrecision() {
    GptConfig c = GptConfig.of(2, 4, 32, 50, 32);
    Gpt model = new Gpt(c, 7);
    SplittableRandom r = new SplittableRandom(1);
    List<int[]> seqs = List.of(r.ints(30, 0, 50).toArray(), r.ints(17, 0, 50).toArray(), r.ints(9, 0, 50).toArray());
    List<int[]> prompts = List.of(java.util.Arrays.copyOf(seqs.get(0), 5), java.util.Arrays.copyOf(seqs.get(1), 12),
        java.util.Arrays.copyOf(seqs.get(2), 1));
    check(model, seqs, prompts, 2e-5);
  }

  /**
   * Prefills the ragged prompts in one pass without padding (slot b holds sequence b), then decodes each sequence's
   * own next tokens, one pass per step over the sequences not yet at their end, and compares every logit with full
   * passes over each sequence alone.
   */
  static void check(LanguageModel model, List<int[]> seqs, List<int[]> prompts, double tol) {
    int batch = seqs.size();
    try (var g = GradMode.noGrad()) {
      List<INDArray> full = new ArrayList<>();
      for (int[] s : seqs) {
        full.add(model.forward(new int[][] {s}).data()); // (1, L, V)
      }
      int longest = seqs.stream().mapToInt(s -> s.length).max().orElseThrow();
      KvCache cache = model.newCache(batch, longest);
      List<Integer> ids = new ArrayList<>();
      List<Integer> pos = new ArrayList<>();
      List<Integer> slots = new ArrayList<>();
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < prompts.get(b).length; j++) {
          ids.add(prompts.get(b)[j]);
          pos.add(j);
          slots.add(b);
        }
      }
      INDArray pre = model.forward(pass(ids, pos, slots), cache).data(); // (1, N, V)
      for (int i = 0; i < ids.size(); i++) {
        assertClose(full.get(slots.get(i)), pos.get(i), pre.get(NDArrayIndex.point(0), NDArrayIndex.point(i)), tol,
            "prefill, sequence " + slots.get(i) + " position " + pos.get(i));
      }
      for (int step = 0; ; step++) {
        ids.clear();
        pos.clear();
        slots.clear();
        for (int b = 0; b < batch; b++) {
          int at = prompts.get(b).length + step;
          if (at < seqs.get(b).length) {
            ids.add(seqs.get(b)[at]);
            pos.add(at);
            slots.add(b);
          }
        }
        if (ids.isEmpty()) {
          break;
        }
        INDArray out = model.forward(pass(ids, pos, slots), cache).data(); // (1, N, V)
        for (int i = 0; i < ids.size(); i++) {
          assertClose(full.get(slots.get(i)), pos.get(i), out.get(NDArrayIndex.point(0), NDArrayIndex.point(i)),
              tol, "decode, sequence " + slots.get(i) + " position " + pos.get(i));
        }
      }
      for (int b = 0; b < batch; b++) {
        assertEquals(seqs.get(b).length, cache.length(b), "slot " + b);
      }
    }
  }

  static SlotBatch pass(List<Integer> ids, List<Integer> pos, List<Integer> slots) {
    return new SlotBatch(ids.stream().mapToInt(Integer::intValue).toArray(),
        pos.stream().mapToInt(Integer::intValue).toArray(), slots.stream().mapToInt(Integer::intValue).toArray());
  }

  static void assertClose(INDArray full, int position, INDArray actual, double tol, String where) {
    double[] want = full.get(NDArrayIndex.point(0), NDArrayIndex.point(position)).toDoubleVector();
    double[] got = actual.toDoubleVector();
    for (int i = 0; i < want.length; i++) {
      assertTrue(Math.abs(want[i] - got[i]) <= tol, where + ", logit " + i + ": " + got[i] + " != " + want[i]);
    }
  }

  @Test
  void cacheRefusesTooManyTokensGapsAndUseWithGradients() {
    Gpt model = new Gpt(GptConfig.of(1, 1, 4, 5, 8), 0);
    KvCache cache = model.newCache(2, 2);
    var grad = assertThrows(IllegalStateException.class,
        () -> model.forward(TokenBatch.of(new int[][] {{1}}), cache));
    assertTrue(grad.getMessage().contains("GradMode.noGrad()"), grad.getMessage());
    try (var g = GradMode.noGrad()) {
      var full = assertThrows(IllegalArgumentException.class,
          () -> model.forward(TokenBatch.of(new int[][] {{1, 2, 3}}), cache));
      assertTrue(full.getMessage().contains("0 of 2 positions used, 3 more requested"), full.getMessage());
      var gap = assertThrows(IllegalArgumentException.class,
          () -> model.hidden(new SlotBatch(new int[] {1}, new int[] {1}, new int[] {0}), cache));
      assertEquals("token 0 is at position 1 but slot 0 holds 0 positions; expected position 0", gap.getMessage());
      var slot = assertThrows(IllegalArgumentException.class,
          () -> model.hidden(new SlotBatch(new int[] {1}, new int[] {0}, new int[] {2}), cache));
      assertEquals("kv cache slot 2 is outside [0, 2)", slot.getMessage());
    }
  }
}
