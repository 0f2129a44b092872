package org.grpo4j.transformer.sample;

import org.grpo4j.autograd.ops.VectorMath;
import org.grpo4j.transformer.NonFiniteException;

/**
 * The sampler's float32 path over one row of a float32 model's logits x[from, from + v): the exponentials
 * exp((x - max) / t) computed once, vectorized ({@link VectorMath#exp}), summed in double for the normalizer, and the
 * inverse-CDF draw walking the same exponentials, so the draw and the recorded log-probabilities agree. About 15x
 * cheaper per row than {@link TokenDistribution}'s double path (one Math.exp per token, twice over), which float64
 * models keep.
 */
final class FloatRow {
  private static final ThreadLocal<float[]> EXPS = ThreadLocal.withInitial(() -> new float[0]);

  private FloatRow() {}

  /** The largest logit; a non-finite one throws, naming the sampling step, sequence and token. */
  static float checkedMax(float[] x, int from, int v, int step, int sequence) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = from; i < from + v; i++) {
      float z = x[i];
      if (!(Math.abs(z) <= Float.MAX_VALUE)) {
        throw new NonFiniteException("sampling step " + step + ", sequence " + sequence + ": the logit of token "
            + (i - from), z);
      }
      max = Math.max(max, z);
    }
    return max;
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
    double sum = 0;
    for (int i = 0; i < v; i++) {
      sum += e[i];
    }
    return sum;
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

  private static float[] scratch(int v) {
    float[] e = EXPS.get();
    if (e.length < v) {
      e = new float[v];
      EXPS.set(e);
    }
    return e;
  }
}
