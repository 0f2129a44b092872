package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 softmax kernels in vectorizable Java loops: row softmax with a causal-offset mask and a scale (each block's
 * unmasked entries packed so one long exp covers them), its backward, and log-softmax gathered at target ids.
 */
final class SoftmaxKernels {
  private SoftmaxKernels() {}

  /**
   * Softmax over each row of s (blocks, tq, tk) with {@link #softmaxRows}'s mask and scale, in place, one
   * (tq, tk) block at a time (blocks in parallel) so the host copy stays one block's size however long the context.
   */
  static void softmaxBlocks(INDArray s, int tq, int tk, int offset, float scale) {
    int blocks = (int) (s.length() / ((long) tq * tk));
    Parallel.forEach(blocks, s.length() * 8, b -> softmaxBlock(s, b, tq, tk, offset, scale));
  }

  /** {@link #softmaxRowsBackward} over (blocks, tq, tk), in place in dp, one block at a time (blocks in parallel). */
  static void softmaxBlocksBackward(INDArray p, INDArray dp, int tq, int tk, int offset, float scale) {
    int blocks = (int) (p.length() / ((long) tq * tk));
    Parallel.forEach(blocks, p.length() * 4, b -> softmaxBlockBackward(p, dp, b, tq, tk, offset, scale));
  }

  /** {@link #softmaxBlocks} on block {@code b} of s only (thread-local scratch: safe on any thread). */
  static void softmaxBlock(INDArray s, long b, int tq, int tk, int offset, float scale) {
    int bs = tq * tk;
    float[] buf = FloatKernels.scratch(0, bs);
    HostFloats.read(s, b * bs, bs, buf);
    softmaxRows(buf, 1, tq, tk, offset, scale);
    HostFloats.write(buf, bs, s, b * bs);
  }

  /**
   * {@link #softmaxBlock} with block {@code biasBlock} of an additive bias (blocks, tq, tk) added to the scores first
   * (scale 1: the scores arrive scaled); a null bias adds nothing.
   */
  static void softmaxBlock(INDArray s, long b, int tq, int tk, int offset, INDArray bias, long biasBlock) {
    if (bias == null) {
      softmaxBlock(s, b, tq, tk, offset, 1f);
      return;
    }
    int bs = tq * tk;
    float[] buf = FloatKernels.scratch(0, bs);
    float[] add = FloatKernels.scratch(1, bs);
    HostFloats.read(s, b * bs, bs, buf);
    HostFloats.read(bias, biasBlock * bs, bs, add);
    FloatKernels.addInPlace(buf, add, bs);
    softmaxRows(buf, 1, tq, tk, offset, 1f);
    HostFloats.write(buf, bs, s, b * bs);
  }

  /** {@link #softmaxBlocksBackward} on block {@code b} only (thread-local scratch: safe on any thread). */
  static void softmaxBlockBackward(INDArray p, INDArray dp, long b, int tq, int tk, int offset, float scale) {
    int bs = tq * tk;
    float[] pb = FloatKernels.scratch(0, bs);
    float[] db = FloatKernels.scratch(1, bs);
    HostFloats.read(p, b * bs, bs, pb);
    HostFloats.read(dp, b * bs, bs, db);
    softmaxRowsBackward(pb, db, 1, tq, tk, offset, scale);
    HostFloats.write(db, bs, dp, b * bs);
  }

  // ---- (masked) row softmax over (blocks, tq, tk) ----

  /**
   * In place over {@code blocks} consecutive (t, t) score matrices: row i becomes softmax(s[i, 0..i]) followed
   * by zeros (the causal mask), max-shifted. A row with a NaN gives NaNs.
   */
  static void causalSoftmax(float[] s, int blocks, int t) {
    softmaxRows(s, blocks, t, t, 0, 1f);
  }

  /** Softmax backward over the causal rows, in place in dp: dS = P * (dP - rowsum(dP * P)), zero above the diagonal. */
  static void causalSoftmaxBackward(float[] p, float[] dp, int blocks, int t) {
    softmaxRowsBackward(p, dp, blocks, t, t, 0, 1f);
  }

  /**
   * In place over {@code blocks} consecutive (tq, tk) score matrices: row i becomes softmax(scale * s[i, 0..n_i))
   * followed by zeros, n_i = min(tk, i + 1 + offset) (offset tk - tq is the causal mask of the last tq queries; tk
   * or more masks nothing); scale must be positive. Each block's unmasked entries are packed back to back so one
   * long vectorized exp covers them and the masked part costs nothing.
   */
  static void softmaxRows(float[] s, int blocks, int tq, int tk, int offset, float scale) {
    int bs = tq * tk;
    float[] packed = FloatKernels.scratchAt(FloatKernels.PACK_SLOT, bs);
    for (int b = 0; b < blocks; b++) {
      int base = b * bs;
      int p = 0;
      for (int i = 0; i < tq; i++) {
        int o = base + i * tk;
        int n = Math.min(tk, i + 1 + offset);
        float m = FloatKernels.max(s, o, n);
        for (int j = 0; j < n; j++) {
          packed[p + j] = (s[o + j] - m) * scale;
        }
        p += n;
      }
      FloatKernels.exp(packed, 0, p);
      p = 0;
      for (int i = 0; i < tq; i++) {
        int o = base + i * tk;
        int n = Math.min(tk, i + 1 + offset);
        float inv = 1f / FloatKernels.sum(packed, p, n);
        for (int j = 0; j < n; j++) {
          s[o + j] = packed[p + j] * inv;
        }
        for (int j = n; j < tk; j++) {
          s[o + j] = 0f;
        }
        p += n;
      }
    }
  }

  /**
   * Backward of {@link #softmaxRows}, in place in dp: dS = scale P (dP - rowsum(dP P)) on the unmasked entries,
   * zero on the masked ones.
   */
  static void softmaxRowsBackward(float[] p, float[] dp, int blocks, int tq, int tk, int offset, float scale) {
    int bs = tq * tk;
    for (int b = 0; b < blocks; b++) {
      for (int i = 0; i < tq; i++) {
        int o = b * bs + i * tk;
        int n = Math.min(tk, i + 1 + offset);
        float dot = FloatKernels.dot(dp, o, p, o, n);
        for (int j = 0; j < n; j++) {
          dp[o + j] = scale * p[o + j] * (dp[o + j] - dot);
        }
        for (int j = n; j < tk; j++) {
          dp[o + j] = 0f;
        }
      }
    }
  }

  // ---- log-softmax gathered at targets ----

  /**
   * For each row i of x (rows, cols), output row at + i: out[at + i] = log softmax(x[i])[targets[at + i]]; p (rows,
   * cols) receives softmax(x[i]) when not null (what backward needs).
   */
  static void gatherLogProb(float[] x, int[] targets, int at, int rows, int cols, double[] out, float[] p) {
    float[] e = p != null ? p : FloatKernels.scratchAt(2, rows * cols);
    float[] max = new float[rows];
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      float m = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        m = Math.max(m, x[o + j]);
      }
      for (int j = 0; j < cols; j++) {
        e[o + j] = x[o + j] - m;
      }
      max[r] = m;
    }
    FloatKernels.exp(e, 0, rows * cols);
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += e[o + j];
      }
      out[at + r] = x[o + targets[at + r]] - max[r] - Math.log(sum);
      if (p != null) {
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < cols; j++) {
          p[o + j] *= inv;
        }
      }
    }
  }

  /** dx (rows, cols) = g[at + i] (onehot(targets[at + i]) - p[i]) for each row i, into p's place. */
  static void gatherLogProbBackward(float[] p, float[] g, int[] targets, int at, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      float gi = -g[at + r];
      for (int j = 0; j < cols; j++) {
        p[o + j] *= gi;
      }
      p[o + targets[at + r]] += g[at + r];
    }
  }
}
