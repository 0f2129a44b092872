package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference attention (no graph) for float32 on the CPU: softmax(q k^T / sqrt(hs) + bias) v with queries read in
 * place from a packed projection qkv (B, T, 3C) and keys and values either from the same projection (a prefill)
 * or from a key/value store (B, nh, capacity, hs) of which only the first {@code keys} slots are read (a decode
 * step). One OpenBLAS GEMM per (batch, head) each way and a host softmax, batch elements in parallel
 * ({@link Parallel}); merged heads (B, T, C) out.
 */
public final class CachedAttention {
  private CachedAttention() {}

  /** True when these arrays can take this path: dense FLOAT arrays on the CPU backend. */
  public static boolean usable(INDArray qkv, INDArray keys, INDArray values, INDArray bias) {
    return keys == null ? FloatKernels.usable(qkv, bias) : FloatKernels.usable(qkv, keys, values, bias);
  }

  /**
   * Attention of the T new positions of qkv (B, T, 3C) over {@code nKeys} key slots: those of qkv itself when
   * {@code keys} is null (nKeys = T), else slots [0, nKeys) of keys and values (B, nh, capacity, hs). The
   * additive bias (B, T, >= nKeys) masks padding and future slots (its first nKeys columns are used).
   */
  public static INDArray attend(INDArray qkv, int nHead, INDArray keys, INDArray values, int nKeys,
      INDArray bias) {
    int b = (int) qkv.size(0);
    int t = (int) qkv.size(1);
    int c3 = (int) qkv.size(2);
    int c = c3 / 3;
    int hs = c / nHead;
    int biasCols = (int) bias.size(2);
    int cap = keys == null ? 0 : (int) keys.size(2);
    INDArray kv = keys == null ? qkv : keys;
    INDArray s = Nd.empty(qkv.dataType(), (long) b * nHead, t, nKeys);
    INDArray y = Nd.empty(qkv.dataType(), b, t, c);
    INDArray vs = keys == null ? qkv : values;
    double scale = 1.0 / Math.sqrt(hs);
    Parallel.forEach(b, 4L * b * nHead * t * nKeys * hs, i -> { // one batch element per piece, any thread
      StridedGemm qk = new StridedGemm(qkv, kv, s);
      for (int h = 0; h < nHead; h++) {
        long q = (long) i * t * c3 + (long) h * hs;
        long k = keys == null ? q + c : ((long) i * nHead + h) * cap * hs;
        qk.run(false, q, c3, true, k, keys == null ? c3 : hs, ((long) i * nHead + h) * t * nKeys, nKeys, t, nKeys, hs,
            scale);
      }
      softmaxWithBias(s, bias, i, nHead, t, nKeys, biasCols);
      StridedGemm pv = new StridedGemm(s, vs, y);
      for (int h = 0; h < nHead; h++) {
        long v = keys == null ? (long) i * t * c3 + 2L * c + (long) h * hs : ((long) i * nHead + h) * cap * hs;
        pv.run(false, ((long) i * nHead + h) * t * nKeys, nKeys, false, v, keys == null ? c3 : hs,
            (long) i * t * c + (long) h * hs, c, t, hs, nKeys, 1.0);
      }
    });
    Nd.free(s);
    return y;
  }

  /**
   * Grouped-query attention of queries q (B, nh, T, hs) over slots [0, nKeys) of keys and values (B, nkv, capacity,
   * hs), nkv dividing nh (query head h reads key/value head h / (nh / nkv); nkv = nh is plain multi-head), with the
   * additive bias (B, T, >= nKeys): merged heads (B, T, nh * hs). All arrays dense FLOAT on the CPU ({@link #usable}).
   */
  public static INDArray attendGrouped(INDArray q, INDArray keys, INDArray values, int nKeys, INDArray bias) {
    int b = (int) q.size(0);
    int nh = (int) q.size(1);
    int t = (int) q.size(2);
    int hs = (int) q.size(3);
    int nkv = (int) keys.size(1);
    if (nkv <= 0 || nh % nkv != 0) {
      throw new IllegalArgumentException("attention: " + nh + " query heads cannot share " + nkv + " key/value heads");
    }
    int group = nh / nkv;
    int cap = (int) keys.size(2);
    int c = nh * hs;
    int biasCols = (int) bias.size(2);
    INDArray s = Nd.empty(q.dataType(), (long) b * nh, t, nKeys);
    INDArray y = Nd.empty(q.dataType(), b, t, c);
    double scale = 1.0 / Math.sqrt(hs);
    Parallel.forEach(b, 4L * b * nh * t * nKeys * hs, i -> { // one batch element per piece, any thread
      StridedGemm qk = new StridedGemm(q, keys, s);
      for (int h = 0; h < nh; h++) {
        long kv = ((long) i * nkv + h / group) * cap * hs;
        qk.run(false, ((long) i * nh + h) * t * hs, hs, true, kv, hs, ((long) i * nh + h) * t * nKeys, nKeys, t,
            nKeys, hs, scale); // q k^T of head h against its group's keys
      }
      softmaxWithBias(s, bias, i, nh, t, nKeys, biasCols);
      StridedGemm pv = new StridedGemm(s, values, y);
      for (int h = 0; h < nh; h++) {
        long kv = ((long) i * nkv + h / group) * cap * hs;
        pv.run(false, ((long) i * nh + h) * t * nKeys, nKeys, false, kv, hs, (long) i * t * c + (long) h * hs, c, t,
            hs, nKeys, 1.0); // P v into head h's columns of y
      }
    });
    Nd.free(s);
    return y;
  }

  /** Batch element i of s (B*nh, T, n) = softmax over each row of s + bias[i, r, 0..n), one host copy. */
  private static void softmaxWithBias(INDArray s, INDArray bias, int i, int nHead, int t, int n, int biasCols) {
    int block = nHead * t * n;
    float[] sv = FloatKernels.scratch(0, block);
    float[] bv = FloatKernels.scratch(1, t * biasCols);
    HostFloats.read(s, (long) i * block, block, sv);
    HostFloats.read(bias, (long) i * t * biasCols, t * biasCols, bv);
    for (int h = 0; h < nHead; h++) {
      for (int r = 0; r < t; r++) {
        int o = (h * t + r) * n;
        int bo = r * biasCols;
        for (int j = 0; j < n; j++) {
          sv[o + j] += bv[bo + j];
        }
      }
    }
    SoftmaxKernels.softmaxRows(sv, 1, nHead * t, n, n, 1f); // bias already added: no further mask
    HostFloats.write(sv, block, s, (long) i * block);
  }
}
