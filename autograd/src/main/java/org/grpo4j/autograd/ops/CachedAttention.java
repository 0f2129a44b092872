package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference attention (no graph) for float32 on the CPU: softmax(q k^T / sqrt(hs) + bias) v with queries read in
 * place from a packed projection qkv (B, T, 3C) and keys and values either from the same projection (a prefill)
 * or from a key/value store (B, nh, capacity, hs) of which only the first {@code keys} slots are read (a decode
 * step). One OpenBLAS GEMM per (batch, head) each way and a host softmax; merged heads (B, T, C) out.
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
    StridedGemm qk = new StridedGemm(qkv, kv, s);
    double scale = 1.0 / Math.sqrt(hs);
    for (int i = 0; i < b; i++) {
      for (int h = 0; h < nHead; h++) {
        long q = (long) i * t * c3 + (long) h * hs;
        long k = keys == null ? q + c : ((long) i * nHead + h) * cap * hs;
        qk.run(false, q, c3, true, k, keys == null ? c3 : hs, ((long) i * nHead + h) * t * nKeys, nKeys, t, nKeys, hs,
            scale);
      }
    }
    softmaxWithBias(s, bias, b, nHead, t, nKeys, biasCols);
    INDArray y = Nd.empty(qkv.dataType(), b, t, c);
    StridedGemm pv = new StridedGemm(s, keys == null ? qkv : values, y);
    for (int i = 0; i < b; i++) {
      for (int h = 0; h < nHead; h++) {
        long v = keys == null ? (long) i * t * c3 + 2L * c + (long) h * hs : ((long) i * nHead + h) * cap * hs;
        pv.run(false, ((long) i * nHead + h) * t * nKeys, nKeys, false, v, keys == null ? c3 : hs,
            (long) i * t * c + (long) h * hs, c, t, hs, nKeys, 1.0);
      }
    }
    Nd.free(s);
    return y;
  }

  /** s (B*nh, T, n) = softmax over each row of s + bias[b, i, 0..n), a few batch elements per host copy. */
  private static void softmaxWithBias(INDArray s, INDArray bias, int b, int nHead, int t, int n, int biasCols) {
    int block = nHead * t * n;
    int per = Math.max(1, Math.min(b, 65536 / Math.max(block, t * biasCols)));
    float[] sv = FloatKernels.scratch(0, per * block);
    float[] bv = FloatKernels.scratch(1, per * t * biasCols);
    for (int i0 = 0; i0 < b; i0 += per) {
      int m = Math.min(per, b - i0);
      HostFloats.read(s, (long) i0 * block, m * block, sv);
      HostFloats.read(bias, (long) i0 * t * biasCols, m * t * biasCols, bv);
      for (int i = 0; i < m; i++) {
        for (int h = 0; h < nHead; h++) {
          for (int r = 0; r < t; r++) {
            int o = i * block + (h * t + r) * n;
            int bo = (i * t + r) * biasCols;
            for (int j = 0; j < n; j++) {
              sv[o + j] += bv[bo + j];
            }
          }
        }
      }
      SoftmaxKernels.softmaxRows(sv, 1, m * nHead * t, n, n, 1f); // bias already added: no further mask
      HostFloats.write(sv, m * block, s, (long) i0 * block);
    }
  }
}
