package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 elementwise kernels and reductions as plain Java loops over host copies ({@link HostFloats}) of dense CPU
 * arrays, written so the JIT vectorizes them, plus the thread-local scratch they share with {@link SoftmaxKernels}
 * and {@link LayerNormKernels}. ND4J's own tanh and exp run one element at a time (tanh about 4 ns, exp about 1.5 ns
 * per element here), these about 0.3 and 0.7 ns: tanh is a [7/6] rational fit (within 1e-6 relative), exp a
 * degree-6 polynomial after range reduction (within 1e-6 relative up to 88; exactly 0 below -88). A later session
 * measured this exp at 1.45-1.5 ns per element: on Java 17 its passes that move float bits to ints and back do not
 * vectorize (docs/perf.md). Float64 arrays keep ND4J's kernels, so gradient checks run against them.
 */
final class FloatKernels {
  private static final int EXP_SLOT = 4; // private to exp
  static final int PACK_SLOT = 5; // private to SoftmaxKernels
  private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[PACK_SLOT + 1][0]);
  private static final ThreadLocal<int[][]> INTS = ThreadLocal.withInitial(() -> new int[1][0]);

  private FloatKernels() {}

  /** True when every array is a dense FLOAT array in host memory. */
  static boolean usable(INDArray... xs) {
    return HostFloats.usable(xs);
  }

  /** A thread-local scratch array of at least n floats (slot 0..3; slots never alias each other). */
  static float[] scratch(int slot, int n) {
    return scratchAt(slot, n);
  }

  /** Scratch slot {@code slot}, including the kernels' private ones (exp's, the softmax packing's). */
  static float[] scratchAt(int slot, int n) {
    float[][] s = FLOATS.get();
    if (s[slot].length < n) {
      s[slot] = new float[n];
    }
    return s[slot];
  }

  /** Rows of {@code cols} floats per chunk so a chunk's few host arrays stay in the core's L2 cache (~64 KB). */
  static int chunkRows(int cols) {
    return Math.max(1, 16384 / Math.max(1, cols));
  }

  /**
   * Rows per parallel piece: cache-sized chunks, but at least eight pieces when there are enough rows, so every
   * core gets work; depends on the shape only, never on the thread count (results stay bit-identical).
   */
  static int pieceRows(long rows, int cols) {
    return (int) Math.max(1, Math.min(chunkRows(cols), (rows + 7) / 8));
  }

  /** Copies a dense FLOAT array's elements (C order) into scratch slot {@code slot}. */
  static float[] read(INDArray a, int slot) {
    int n = Math.toIntExact(a.length());
    return HostFloats.read(a, scratch(slot, n));
  }

  /** Copies the first {@code a.length()} floats of src into the dense FLOAT array a. */
  static void write(float[] src, INDArray a) {
    HostFloats.write(src, a);
  }

  /** y (rows, cols), dense and fresh, += b (cols) on every row, in place, in pieces of rows on the pool; returns y. */
  static INDArray addRowVector(INDArray y, INDArray b) {
    if (!usable(y, b)) {
      return y.addiRowVector(b);
    }
    int cols = (int) y.size(1);
    int chunk = pieceRows(y.size(0), cols) * cols;
    float[] bias = HostFloats.read(b, new float[cols]);
    long len = y.length();
    Parallel.forEach((int) ((len + chunk - 1) / chunk), len, i -> { // each element is added once: any split agrees
      long off = (long) i * chunk;
      int n = (int) Math.min(chunk, len - off);
      float[] a = scratch(0, chunk);
      HostFloats.read(y, off, n, a);
      addRow(a, n / cols, cols, bias);
      HostFloats.write(a, n, y, off);
    });
    return y;
  }

  // ---- elementwise ----

  /** a[0..n) += b[0..n). */
  static void addInPlace(float[] a, float[] b, int n) {
    for (int i = 0; i < n; i++) {
      a[i] += b[i];
    }
  }

  /** a[0..n) *= b[0..n). */
  static void mulInPlace(float[] a, float[] b, int n) {
    for (int i = 0; i < n; i++) {
      a[i] *= b[i];
    }
  }

  /** sum((p - t)^2) over [0, n), accumulated in double. */
  static double squaredDistance(float[] p, float[] t, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      float d = p[i] - t[i];
      sum += d * d;
    }
    return sum;
  }

  /** p[0..n) = scale (p - t). */
  static void scaledDifference(float[] p, float[] t, float scale, int n) {
    for (int i = 0; i < n; i++) {
      p[i] = scale * (p[i] - t[i]);
    }
  }

  /** tanh, a [7/6] rational fit on [-7.9, 7.9] (beyond it tanh rounds to +-1 in float32); NaN stays NaN. */
  static float tanh(float x) {
    float v = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, x));
    float v2 = v * v;
    float p = -2.76076847742355e-16f;
    p = p * v2 + 2.00018790482477e-13f;
    p = p * v2 - 8.60467152213735e-11f;
    p = p * v2 + 5.12229709037114e-08f;
    p = p * v2 + 1.48572235717979e-05f;
    p = p * v2 + 6.37261928875436e-04f;
    p = p * v2 + 4.89352455891786e-03f;
    float q = 1.19825839466702e-06f;
    q = q * v2 + 1.18534705686654e-04f;
    q = q * v2 + 2.26843463243900e-03f;
    q = q * v2 + 4.89352518554385e-03f;
    return v * p / q;
  }

  /** a[0..n) = tanh(a[0..n)). */
  static void tanh(float[] a, int n) {
    for (int i = 0; i < n; i++) {
      a[i] = tanh(a[i]);
    }
  }

  /** g[0..n) *= 1 - y^2 (the tanh derivative from its output y). */
  static void tanhBackward(float[] y, float[] g, int n) {
    for (int i = 0; i < n; i++) {
      g[i] *= 1f - y[i] * y[i];
    }
  }

  /** a (rows, cols) += bias (cols) on every row. */
  static void addRow(float[] a, int rows, int cols, float[] bias) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      for (int j = 0; j < cols; j++) {
        a[o + j] += bias[j];
      }
    }
  }

  private static final float GELU_K = (float) Math.sqrt(2 / Math.PI);
  private static final float GELU_A = 0.044715f;

  /** out = gelu(h) = 0.5 h (1 + tanh(k (h + 0.044715 h^3))), k = sqrt(2 / pi) (GPT-2's tanh form). */
  static void gelu(float[] h, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      float x = h[i];
      float t = tanh(GELU_K * x * (1f + GELU_A * x * x));
      out[i] = 0.5f * x * (1f + t);
    }
  }

  /**
   * g *= gelu'(h) = 0.5 (1 + t) + 0.5 h (1 - t^2) k (1 + 3 * 0.044715 h^2), t the tanh of the forward, recomputed
   * into tmp first: in one loop the expression is too big for the JIT to vectorize (10x slower).
   */
  static void geluBackward(float[] h, float[] g, float[] tmp, int n) {
    for (int i = 0; i < n; i++) {
      float x = h[i];
      tmp[i] = tanh(GELU_K * x * (1f + GELU_A * x * x));
    }
    for (int i = 0; i < n; i++) {
      float x = h[i];
      float t = tmp[i];
      g[i] *= 0.5f * (1f + t) + 0.5f * x * (1f - t * t) * GELU_K * (1f + 3f * GELU_A * x * x);
    }
  }

  /**
   * a[from..to) = exp(a[from..to)) for arguments at or below zero (above zero it is still exp, to about 88):
   * x = n ln 2 + r, exp(r) by polynomial, 2^n by building the float's exponent bits. Separate passes keep each
   * loop to one element type, which is what lets the JIT vectorize them.
   */
  static void exp(float[] a, int from, int to) {
    int[][] is = INTS.get();
    if (is[0].length < to) {
      is[0] = new int[to];
    }
    int[] bits = is[0];
    float[] tf = scratchAt(EXP_SLOT, to);
    for (int i = from; i < to; i++) {
      float v = Math.max(-88f, Math.min(88.3f, a[i])); // at -88, 2^n = 2^-127 has exponent bits 0: exp is exactly 0, never a slow denormal
      float t = v * 1.44269504088896341f + 12582912f; // round(v / ln 2) in the low mantissa bits of t
      float n = t - 12582912f;
      float r = v - n * 0.693145751953125f;
      r = r - n * 1.428606765330187045e-06f;
      float p = 1.9875691500e-4f;
      p = p * r + 1.3981999507e-3f;
      p = p * r + 8.3334519073e-3f;
      p = p * r + 4.1665795894e-2f;
      p = p * r + 1.6666665459e-1f;
      p = p * r + 5.0000001201e-1f;
      a[i] = p * r * r + r + 1f;
      tf[i] = t;
    }
    for (int i = from; i < to; i++) {
      bits[i] = Float.floatToRawIntBits(tf[i]);
    }
    for (int i = from; i < to; i++) {
      bits[i] = (bits[i] - 0x4B400000 + 127) << 23; // 2^n as float bits
    }
    for (int i = from; i < to; i++) {
      a[i] *= Float.intBitsToFloat(bits[i]);
    }
  }

  /** max of a[o..o + n) (n >= 1) with eight independent chains; NaN if any element is NaN. */
  static float max(float[] a, int o, int n) {
    float m0 = Float.NEGATIVE_INFINITY;
    float m1 = m0;
    float m2 = m0;
    float m3 = m0;
    float m4 = m0;
    float m5 = m0;
    float m6 = m0;
    float m7 = m0;
    int j = 0;
    for (; j + 8 <= n; j += 8) {
      m0 = Math.max(m0, a[o + j]);
      m1 = Math.max(m1, a[o + j + 1]);
      m2 = Math.max(m2, a[o + j + 2]);
      m3 = Math.max(m3, a[o + j + 3]);
      m4 = Math.max(m4, a[o + j + 4]);
      m5 = Math.max(m5, a[o + j + 5]);
      m6 = Math.max(m6, a[o + j + 6]);
      m7 = Math.max(m7, a[o + j + 7]);
    }
    float m = Math.max(Math.max(Math.max(m0, m1), Math.max(m2, m3)), Math.max(Math.max(m4, m5), Math.max(m6, m7)));
    for (; j < n; j++) {
      m = Math.max(m, a[o + j]);
    }
    return m;
  }

  /** sum of a[oa + j] b[ob + j] over j < n with eight independent accumulators. */
  static float dot(float[] a, int oa, float[] b, int ob, int n) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    float s4 = 0f;
    float s5 = 0f;
    float s6 = 0f;
    float s7 = 0f;
    int j = 0;
    for (; j + 8 <= n; j += 8) {
      s0 += a[oa + j] * b[ob + j];
      s1 += a[oa + j + 1] * b[ob + j + 1];
      s2 += a[oa + j + 2] * b[ob + j + 2];
      s3 += a[oa + j + 3] * b[ob + j + 3];
      s4 += a[oa + j + 4] * b[ob + j + 4];
      s5 += a[oa + j + 5] * b[ob + j + 5];
      s6 += a[oa + j + 6] * b[ob + j + 6];
      s7 += a[oa + j + 7] * b[ob + j + 7];
    }
    float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (; j < n; j++) {
      s += a[oa + j] * b[ob + j];
    }
    return s;
  }

  /** sum of (a[o + j] - mu)^2 over j < n with eight independent accumulators (the same sums as squaring first). */
  static float squaredDeviation(float[] a, int o, int n, float mu) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    float s4 = 0f;
    float s5 = 0f;
    float s6 = 0f;
    float s7 = 0f;
    int j = 0;
    for (; j + 8 <= n; j += 8) {
      float d0 = a[o + j] - mu;
      float d1 = a[o + j + 1] - mu;
      float d2 = a[o + j + 2] - mu;
      float d3 = a[o + j + 3] - mu;
      float d4 = a[o + j + 4] - mu;
      float d5 = a[o + j + 5] - mu;
      float d6 = a[o + j + 6] - mu;
      float d7 = a[o + j + 7] - mu;
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
      s4 += d4 * d4;
      s5 += d5 * d5;
      s6 += d6 * d6;
      s7 += d7 * d7;
    }
    float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (; j < n; j++) {
      float d = a[o + j] - mu;
      s += d * d;
    }
    return s;
  }

  /** a[o..o + n) summed with eight independent accumulators (a strict float reduction does not vectorize). */
  static float sum(float[] a, int o, int n) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    float s4 = 0f;
    float s5 = 0f;
    float s6 = 0f;
    float s7 = 0f;
    int j = 0;
    for (; j + 8 <= n; j += 8) {
      s0 += a[o + j];
      s1 += a[o + j + 1];
      s2 += a[o + j + 2];
      s3 += a[o + j + 3];
      s4 += a[o + j + 4];
      s5 += a[o + j + 5];
      s6 += a[o + j + 6];
      s7 += a[o + j + 7];
    }
    float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (; j < n; j++) {
      s += a[o + j];
    }
    return s;
  }
}
