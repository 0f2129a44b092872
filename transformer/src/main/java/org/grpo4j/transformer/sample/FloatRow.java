package org.grpo4j.transformer.sample;

import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.ops.VectorMath;
import org.grpo4j.transformer.NonFiniteException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sampler's float32 path over one row of a float32 model's logits x[from, from + v): the exponentials
 * exp((x - max) / t) computed once with the kernels' float exp ({@link VectorMath#exp}), summed in double for the
 * normalizer, and the inverse-CDF draw walking the same exponentials, so the draw and the recorded log-probabilities
 * agree. About 200 us per 50,257-token row on one core here, against 600-950 us for {@link TokenDistribution}'s
 * double path (Math.exp per token, twice over), which float64 models keep. Untruncated sampling of a finite row
 * takes {@link org.grpo4j.autograd.ops.ProbabilityRow} instead where oneDNN's softmax is jitted (~35 us, the row
 * never copied to the heap); this path serves greedy and filtered decoding, rows that may hold a non-finite logit,
 * and machines without that kernel.
 */
final class FloatRow {
  private static final ThreadLocal<float[]> EXPS = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

  private FloatRow() {}

  /**
   * The largest logit; a non-finite one throws, naming the sampling step, sequence and token. Four running maxima
   * and four running sums of x * 0 (NaN once any logit is NaN or infinite) keep the loop free of branches.
   */
  static float checkedMax(float[] x, int from, int v, int step, int sequence) {
    float m0 = Float.NEGATIVE_INFINITY;
    float m1 = m0;
    float m2 = m0;
    float m3 = m0;
    float z0 = 0f;
    float z1 = 0f;
    float z2 = 0f;
    float z3 = 0f;
    int i = from;
    int end = from + v;
    for (; i + 4 <= end; i += 4) {
      m0 = Math.max(m0, x[i]);
      m1 = Math.max(m1, x[i + 1]);
      m2 = Math.max(m2, x[i + 2]);
      m3 = Math.max(m3, x[i + 3]);
      z0 += x[i] * 0f;
      z1 += x[i + 1] * 0f;
      z2 += x[i + 2] * 0f;
      z3 += x[i + 3] * 0f;
    }
    for (; i < end; i++) {
      m0 = Math.max(m0, x[i]);
      z0 += x[i] * 0f;
    }
    if (z0 + z1 + z2 + z3 != 0f) {
      for (int j = from; j < end; j++) {
        if (!Float.isFinite(x[j])) {
          throw new NonFiniteException("sampling step " + step + ", sequence " + sequence + ": the logit of token "
              + (j - from), x[j]);
        }
      }
    }
    return Math.max(Math.max(m0, m1), Math.max(m2, m3));
  }

  /**
   * The sum of exp((x - max) / t) over the row, in double, with the exponentials left in this thread's scratch
   * ({@link #exps}) for a draw: the log-softmax of token j at temperature t is (x[j] - max) / t - log(sum).
   */
  static double expSum(float[] x, int from, int v, float max, double t) {
    float[] e = scratch(v);
    float inv = (float) (1.0 / t);
    for (int i = 0; i < v; i++) {
      e[i] = (x[from + i] - max) * inv;
    }
    VectorMath.exp(e, 0, v);
    double s0 = 0; // four running sums: one dependent addition chain would bound the loop by its latency
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 4 <= v; i += 4) {
      s0 += e[i];
      s1 += e[i + 1];
      s2 += e[i + 2];
      s3 += e[i + 3];
    }
    for (; i < v; i++) {
      s0 += e[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The exponentials of this thread's last {@link #expSum}. */
  static float[] exps() {
    return EXPS.get();
  }

  /**
   * Inverse-CDF draw with a uniform u in [0, 1) from the first v exponentials e, whose sum is {@code total}: the
   * first token whose running sum (in double, in token order) exceeds u total; the last positive one if rounding
   * leaves none.
   */
  static int draw(float[] e, int v, double total, double u) {
    double target = u * total;
    double cum = 0;
    int last = -1;
    for (int i = 0; i < v; i++) {
      if (e[i] > 0) {
        cum += e[i];
        last = i;
        if (target < cum) {
          return i;
        }
      }
    }
    return last;
  }

  /** The most probable token (the lowest id on ties). */
  static int argmax(float[] x, int from, int v) {
    int best = 0;
    for (int i = 1; i < v; i++) {
      if (x[from + i] > x[from + best]) {
        best = i;
      }
    }
    return best;
  }

  /** The row as doubles (for the top-k / top-p filters, which build the whole distribution). */
  static double[] toDoubles(float[] x, int from, int v) {
    double[] d = new double[v];
    for (int i = 0; i < v; i++) {
      d[i] = x[from + i];
    }
    return d;
  }

  /** Elements [offset, offset + v) of float32 {@code logits} copied into this thread's heap row (not its exps). */
  static float[] copy(INDArray logits, long offset, int v) {
    return HostFloats.read(logits, offset, v, grown(ROW, v));
  }

  private static float[] scratch(int v) {
    return grown(EXPS, v);
  }

  /** The thread's array of {@code buffer}, replaced by one of v floats when shorter. */
  private static float[] grown(ThreadLocal<float[]> buffer, int v) {
    float[] e = buffer.get();
    if (e.length < v) {
      e = new float[v];
      buffer.set(e);
    }
    return e;
  }
}
