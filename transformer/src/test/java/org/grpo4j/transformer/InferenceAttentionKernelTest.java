package org.grpo4j.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.grpo4j.autograd.KernelMode;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.ops.CachedAttention;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inference-attention kernel ({@link CachedAttention}, float32 and float64) against the ND4J reference path of
 * {@link InferenceAttention} and a plain triple loop: random heads (grouped-query when nh != nkv), several passes
 * mixing prefills, multi-token continuations and decode steps of slots taken in arbitrary order, over caches whose
 * unused rows hold garbage (never read).
 */
class InferenceAttentionKernelTest {
  @Test
  void float64KernelMatchesTheNd4jPathAndLoops() {
    check(DataType.DOUBLE, 1e-12, 40, 91);
  }

  @Test
  void float32KernelMatchesTheNd4jPathAndLoops() {
    check(DataType.FLOAT, 1e-5, 40, 92);
  }

  @Test
  void theKernelServesFloatAndDoubleButNotMixedOrOnTheNd4jPath() {
    INDArray d = Nd4j.rand(DataType.DOUBLE, 2, 3);
    INDArray f = Nd4j.rand(DataType.FLOAT, 2, 3);
    assertTrue(CachedAttention.usable(d, d));
    assertTrue(CachedAttention.usable(f, f));
    assertFalse(CachedAttention.usable(d, f));
    assertFalse(CachedAttention.usable(Nd4j.rand(DataType.HALF, 2, 3)));
    try (KernelMode.Scope mode = KernelMode.use(KernelMode.ND4J)) {
      assertFalse(CachedAttention.usable(d, d));
    }
  }

  private static void check(DataType dtype, double tol, int examples, long fixedSeed) {
    qt().withExamples(examples).withFixedSeed(fixedSeed).forAll(integers().between(1, 3), integers().between(1, 3),
        integers().between(1, 9), longs().all()).checkAssert((nkv, group, hs, seed) ->
            run(dtype, nkv * group, nkv, hs, new SplittableRandom(seed), tol));
  }

  /** Three passes through a kernel cache and a reference cache, each output compared with the loops. */
  private static void run(DataType dtype, int nh, int nkv, int hs, SplittableRandom r, double tol) {
    int slots = 5;
    int capacity = 12;
    KvCache fast = KvCache.allocate(1, nkv, hs, slots, capacity, dtype);
    KvCache ref = KvCache.allocate(1, nkv, hs, slots, capacity, dtype);
    INDArray garbage = Nd4j.rand(DataType.DOUBLE, fast.keys(0).shape()).muli(50).castTo(dtype);
    for (KvCache c : List.of(fast, ref)) {
      c.keys(0).assign(garbage);
      c.values(0).assign(garbage.neg());
    }
    double[][][][] keys = new double[slots][capacity][][]; // the true history: [slot][position][kv head][channel]
    double[][][][] values = new double[slots][capacity][][];
    int[][][] passes = { // {slot, tokens} per segment, slots in no particular order
        {{3, 5}, {0, 1}, {4, 3}}, // prefills
        {{4, 1}, {1, 4}, {3, 1}, {0, 1}}, // decodes and a new prefill
        {{0, 3}, {2, 1}, {1, 1}, {3, 2}, {4, 1}}}; // a continuation, a one-token prefill, decodes
    for (int[][] pass : passes) {
      List<Integer> ids = new ArrayList<>();
      List<Integer> positions = new ArrayList<>();
      List<Integer> slotOf = new ArrayList<>();
      for (int[] seg : pass) {
        for (int j = 0; j < seg[1]; j++) {
          ids.add(0);
          positions.add(fast.length(seg[0]) + j);
          slotOf.add(seg[0]);
        }
      }
      SlotBatch batch = new SlotBatch(ints(ids), ints(positions), ints(slotOf));
      int n = batch.size();
      int width = (nh + 2 * nkv) * hs + 3; // q | k | v | 3 unused columns, as a packed projection
      double[] packed = r.doubles((long) n * width, -2, 2).toArray();
      INDArray rows = Nd4j.create(packed, new long[] {n, width}, DataType.DOUBLE).castTo(dtype);
      HeadColumns q = new HeadColumns(rows, 0, nh, hs);
      HeadColumns k = new HeadColumns(rows, nh * hs, nkv, hs);
      HeadColumns v = new HeadColumns(rows, (nh + nkv) * hs, nkv, hs);
      assertTrue(CachedAttention.usable(rows, fast.keys(0)), "the kernel serves " + dtype);
      fast.begin(batch);
      double[] yFast = Nd.toDoubles(InferenceAttention.attend(q, k, v, fast, 0));
      fast.advance();
      ref.begin(batch);
      double[] yRef;
      try (KernelMode.Scope mode = KernelMode.use(KernelMode.ND4J)) {
        yRef = Nd.toDoubles(InferenceAttention.attend(q, k, v, ref, 0));
      }
      ref.advance();
      double[] exact = loops(Nd.toDoubles(rows), width, batch, nh, nkv, hs, keys, values);
      for (int i = 0; i < exact.length; i++) {
        assertEquals(exact[i], yRef[i], tol, "reference path, element " + i);
        assertEquals(exact[i], yFast[i], tol, "kernel, element " + i);
      }
    }
    double[] kf = Nd.toDoubles(fast.keys(0));
    double[] kr = Nd.toDoubles(ref.keys(0));
    double[] vf = Nd.toDoubles(fast.values(0));
    double[] vr = Nd.toDoubles(ref.values(0));
    for (int i = 0; i < kf.length; i++) { // the cache writes agree exactly, garbage rows included
      assertEquals(kr[i], kf[i], 0, "keys, element " + i);
      assertEquals(vr[i], vf[i], 0, "values, element " + i);
    }
  }

  /** Attention by definition in float64, recording this pass's keys and values in the history first. */
  private static double[] loops(double[] rows, int width, SlotBatch batch, int nh, int nkv, int hs,
      double[][][][] keys, double[][][][] values) {
    int n = batch.size();
    for (int i = 0; i < n; i++) {
      double[][] kt = new double[nkv][hs];
      double[][] vt = new double[nkv][hs];
      for (int g = 0; g < nkv; g++) {
        for (int c = 0; c < hs; c++) {
          kt[g][c] = rows[i * width + (nh + g) * hs + c];
          vt[g][c] = rows[i * width + (nh + nkv + g) * hs + c];
        }
      }
      keys[batch.slots()[i]][batch.positions()[i]] = kt;
      values[batch.slots()[i]][batch.positions()[i]] = vt;
    }
    double[] y = new double[n * nh * hs];
    for (int i = 0; i < n; i++) {
      int slot = batch.slots()[i];
      int pos = batch.positions()[i];
      for (int h = 0; h < nh; h++) {
        int g = h / (nh / nkv);
        double[] w = new double[pos + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= pos; j++) {
          for (int c = 0; c < hs; c++) {
            w[j] += rows[i * width + h * hs + c] * keys[slot][j][g][c];
          }
          w[j] /= Math.sqrt(hs);
          max = Math.max(max, w[j]);
        }
        double sum = 0;
        for (int j = 0; j <= pos; j++) {
          w[j] = Math.exp(w[j] - max);
          sum += w[j];
        }
        for (int j = 0; j <= pos; j++) {
          for (int c = 0; c < hs; c++) {
            y[(i * nh + h) * hs + c] += w[j] / sum * values[slot][j][g][c];
          }
        }
      }
    }
    return y;
  }

  private static int[] ints(List<Integer> xs) {
    return xs.stream().mapToInt(Integer::intValue).toArray();
  }
}
