package org.grpo4j.autograd.ops;

import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float64 host part of {@link CachedAttention}: the causal row softmax over a block of scores (copied to a Java
 * double array and back), written plainly and exactly (max shift, {@link Math#exp}, one division per entry) because
 * the float64 experiments compare results to 1e-10 or tighter.
 */
final class DoubleAttentionKernels {
  private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

  private DoubleAttentionKernels() {}

  /** A thread-local scratch array of at least n doubles. */
  private static double[] scratch(int n) {
    double[] s = SCRATCH.get();
    if (s.length < n) {
      s = new double[n];
      SCRATCH.set(s);
    }
    return s;
  }

  /** Copies elements [offset, offset + n) of dense a (C order) into dst[0..n). */
  private static double[] read(INDArray a, long offset, int n, double[] dst) {
    DoublePointer p = new DoublePointer(a.data().addressPointer());
    p.position(p.position() + offset).get(dst, 0, n);
    return dst;
  }

  /** Copies src[0..n) into elements [offset, offset + n) of dense a. */
  private static void write(double[] src, int n, INDArray a, long offset) {
    DoublePointer p = new DoublePointer(a.data().addressPointer());
    p.position(p.position() + offset).put(src, 0, n);
  }

  /**
   * In place over elements [offset, offset + blocks * tq * tk) of dense s, {@code blocks} consecutive (tq, tk) score
   * matrices: row i becomes softmax(s[i, 0..n_i)) followed by zeros, n_i = min(tk, i + 1 + first) (query i at
   * position first + i reads keys 0..first + i).
   */
  static void softmaxBlock(INDArray s, long offset, int blocks, int tq, int tk, int first) {
    int size = blocks * tq * tk;
    double[] p = read(s, offset, size, scratch(size));
    softmaxRows(p, blocks * tq, tk, first, tq);
    write(p, size, s, offset);
  }

  /** Row r (of tk entries) of p, query r % tq, becomes its causal softmax; see {@link #softmaxBlock}. */
  static void softmaxRows(double[] p, int rows, int tk, int first, int tq) {
    for (int r = 0; r < rows; r++) {
      int o = r * tk;
      int n = Math.min(tk, r % tq + 1 + first);
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, p[o + j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        p[o + j] = Math.exp(p[o + j] - max);
        sum += p[o + j];
      }
      for (int j = 0; j < n; j++) {
        p[o + j] /= sum;
      }
      for (int j = n; j < tk; j++) {
        p[o + j] = 0;
      }
    }
  }
}
