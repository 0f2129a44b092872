package org.grpo4j.autograd.ops;

import static org.bytedeco.openblas.global.openblas.cblas_sasum;
import static org.bytedeco.openblas.global.openblas.cblas_scopy;
import static org.bytedeco.openblas.global.openblas.cblas_sdot;
import static org.bytedeco.openblas.global.openblas.cblas_sscal;

import org.bytedeco.javacpp.FloatPointer;
import org.grpo4j.autograd.AimedPointer;
import org.grpo4j.autograd.HostFloats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One float32 row of logits x, read where it lies in native memory, turned into p = softmax(x / t) by oneDNN's
 * jitted softmax, with an inverse-CDF draw from p and log-probabilities log(p_j / sum p) on OpenBLAS's vector sums:
 * the sampler's path for a float32 model, which then never copies a row to the Java heap. On the heap C2 runs the
 * max, the sum and the walk one element at a time, about 155 us per 50,257-token row here against 35 us for these
 * calls (docs/perf.md). Each thread keeps its p in a scratch block of its own until its next call.
 */
public final class ProbabilityRow {
  /** Tokens per block of p summed at once; the draw walks block sums, then one block token by token. */
  static final int BLOCK = 1024;

  private static final Dnnl.ThreadFloats P = new Dnnl.ThreadFloats();
  private static final ThreadLocal<AimedPointer> AT = ThreadLocal.withInitial(AimedPointer::new);
  private static final ThreadLocal<double[]> SUMS = ThreadLocal.withInitial(() -> new double[0]);
  private static final ThreadLocal<float[]> WALK = ThreadLocal.withInitial(() -> new float[BLOCK]);

  private ProbabilityRow() {}

  /** A token drawn from a row and its log-probability log(p_token / sum p) under the row's p. */
  public record Drawn(int token, double logProbability) {}

  /**
   * True when rows of v logits in {@code logits} can take this path: a dense float32 array in host memory, oneDNN's
   * kernels on, OpenBLAS at hand, and a jitted oneDNN softmax for a row of v.
   */
  public static boolean usable(INDArray logits, int v) {
    return Dnnl.KERNELS && CpuBlas.AVAILABLE && v >= 1 && HostFloats.usable(logits) && DnnlSoftmax.usable(1, v, v);
  }

  /**
   * False when some logit of the row at element {@code offset} is NaN or infinite, by the sum of their squares:
   * also false for a row with a logit beyond 1.8e19 (its square overflows), which callers check logit by logit.
   */
  public static boolean maybeFinite(INDArray logits, long offset, int v) {
    AimedPointer x = AT.get().at(HostFloats.address(logits) + 4 * offset);
    return Float.isFinite(cblas_sdot(v, x, 1, x, 1));
  }

  /**
   * Draws a token from softmax(x / t) of the row at element {@code offset} with a uniform u in [0, 1): the first
   * token whose running sum of p (in token order, in double) exceeds u sum p; the last positive one if rounding
   * leaves none.
   */
  public static Drawn sample(INDArray logits, long offset, int v, double t, double u) {
    FloatPointer p = softmax(logits, offset, v, t);
    double total = blockSums(p, v);
    int token = walk(p, v, u * total);
    return new Drawn(token, Math.log(p.get(token)) - Math.log(total));
  }

  /** log softmax(x / t) of the row at element {@code offset}, at {@code token}. */
  public static double logProbability(INDArray logits, long offset, int v, double t, int token) {
    FloatPointer p = softmax(logits, offset, v, t);
    return Math.log(p.get(token)) - Math.log(blockSums(p, v));
  }

  /** p = softmax(x / t) in this thread's block; x / t rounds as x * (float) (1 / t). */
  private static FloatPointer softmax(INDArray logits, long offset, int v, double t) {
    FloatPointer p = P.get(v);
    long x = HostFloats.address(logits) + 4 * offset;
    if (t == 1.0) {
      DnnlSoftmax.forwardInto(x, p.address(), 1, v);
    } else {
      cblas_scopy(v, AT.get().at(x), 1, p, 1);
      cblas_sscal(v, (float) (1.0 / t), p, 1);
      DnnlSoftmax.forward(p.address(), 1, v);
    }
    return p;
  }

  /** Sums each block of p into this thread's block sums; returns their total. */
  private static double blockSums(FloatPointer p, int v) {
    int blocks = (v + BLOCK - 1) / BLOCK;
    double[] sums = SUMS.get();
    if (sums.length < blocks) {
      sums = new double[blocks];
      SUMS.set(sums);
    }
    AimedPointer at = AT.get();
    double total = 0;
    for (int b = 0; b < blocks; b++) {
      sums[b] = cblas_sasum(Math.min(BLOCK, v - b * BLOCK), at.at(p.address() + 4L * b * BLOCK), 1); // p >= 0
      total += sums[b];
    }
    return total;
  }

  /**
   * The first token whose running sum passes {@code target}: whole blocks by their sums while the target lies
   * beyond them, then the block it falls in token by token (and on, if that block's tokens fall short of its sum by
   * rounding); the last positive token if none passes.
   */
  private static int walk(FloatPointer p, int v, double target) {
    double[] sums = SUMS.get();
    float[] e = WALK.get();
    AimedPointer at = AT.get();
    double cum = 0;
    int last = -1; // a block index: lastPositive resolves it to a token
    for (int b = 0; b * BLOCK < v; b++) {
      if (sums[b] == 0) {
        continue;
      }
      if (cum + sums[b] <= target) {
        cum += sums[b];
        last = b; // the last block with mass so far
        continue;
      }
      int n = Math.min(BLOCK, v - b * BLOCK);
      at.at(p.address() + 4L * b * BLOCK).get(e, 0, n);
      for (int i = 0; i < n; i++) {
        if (e[i] > 0) {
          cum += e[i];
          if (target < cum) {
            return b * BLOCK + i;
          }
        }
      }
      last = b;
    }
    return lastPositive(p, v, last);
  }

  /** The last token of block {@code block} with p > 0 (its sum is positive); -1 when there is none. */
  private static int lastPositive(FloatPointer p, int v, int block) {
    if (block < 0) {
      return -1;
    }
    int n = Math.min(BLOCK, v - block * BLOCK);
    float[] e = WALK.get();
    AT.get().at(p.address() + 4L * block * BLOCK).get(e, 0, n);
    for (int i = n - 1; i >= 0; i--) {
      if (e[i] > 0) {
        return block * BLOCK + i;
      }
    }
    return -1;
  }
}
