package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.KernelMode;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Attention}'s CPU kernels: OpenBLAS GEMMs per (batch, head) that read q, k, v and write outputs and
 * gradients in place through their strides (heads of a packed projection, permuted views: no copies), the float32
 * softmax blocks in between. Pieces are (batch, query head) forward and (batch, key/value head) backward, where the
 * heads of one group add into their shared key/value gradient in a fixed order; pieces run in parallel
 * ({@link Parallel}), so results do not depend on the thread count. Float64 (gradient checks) runs the same GEMMs on
 * one thread with ND4J's softmax.
 */
final class AttentionKernels {
  private AttentionKernels() {}

  /** True for FLOAT or DOUBLE arrays on the CPU backend whose rows can be read in place (see {@link #inPlace}). */
  static boolean usable(INDArray... heads) {
    DataType t = heads[0].dataType();
    if (!CpuBlas.AVAILABLE || KernelMode.current() != KernelMode.FAST
        || (t != DataType.FLOAT && t != DataType.DOUBLE)) {
      return false;
    }
    for (INDArray x : heads) {
      if (x.dataType() != t) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when x (B, heads, T, hs) has unit stride along hs and rows of T at least hs apart, i.e. each head is a
   * (T, hs) matrix a GEMM can read with leading dimension stride(2).
   */
  static boolean inPlace(INDArray x) {
    return (x.size(3) == 1 || x.stride(3) == 1) && (x.size(2) == 1 || x.stride(2) >= x.size(3));
  }

  /**
   * p (B, nh, Tq, Tk), dense = softmax(scale q k^T + bias, rows masked to their first {@code visible} + i keys); y
   * (B, nh, Tq, hs) = p v. q (B, nh, Tq, hs), k and v (B, nkv, Tk, hs); bias (B, Tq, Tk) dense, or null.
   */
  static void forward(INDArray q, INDArray k, INDArray v, INDArray bias, int visible, double scale, INDArray p,
      INDArray y) {
    int b = (int) q.size(0);
    int nh = (int) q.size(1);
    int tq = (int) q.size(2);
    int hs = (int) q.size(3);
    int tk = (int) k.size(2);
    int group = nh / (int) k.size(1);
    boolean host = FloatKernels.usable(p) && (bias == null || FloatKernels.usable(bias));
    long work = host ? 4L * b * nh * tq * tk * hs : 0; // float64 stays on one thread
    Parallel.forEach(b * nh, work, j -> {
      int i = j / nh;
      int h = j % nh;
      new StridedGemm(q, k, p).run(false, at(q, i, h), ld(q), true, at(k, i, h / group), ld(k), (long) j * tq * tk,
          tk, tq, tk, hs, scale); // S = scale q k^T
      if (host) {
        SoftmaxKernels.softmaxBlock(p, j, tq, tk, visible, bias, i);
      }
    });
    if (!host) {
      Attention.maskedSoftmaxInPlace(p, bias, visible);
    }
    Parallel.forEach(b * nh, work, j -> {
      int i = j / nh;
      int h = j % nh;
      new StridedGemm(p, v, y).run(false, (long) j * tq * tk, tk, false, at(v, i, h / group), ld(v), at(y, i, h),
          ld(y), tq, hs, tk, 1.0); // Y = P V
    });
  }

  /**
   * Gradients of {@link #forward} into dq (like q), dk and dv (like k, v; any may be null when not needed) and ds
   * (B, nh, Tq, Tk), dense, which receives dS, the gradient of the biased scores (the bias's gradient summed over
   * heads). dy is the upstream gradient (B, nh, Tq, hs).
   */
  static void backward(INDArray q, INDArray k, INDArray v, INDArray p, int visible, double scale, INDArray dy,
      INDArray dq, INDArray dk, INDArray dv, INDArray ds) {
    int b = (int) q.size(0);
    int nh = (int) q.size(1);
    int tq = (int) q.size(2);
    int hs = (int) q.size(3);
    int nkv = (int) k.size(1);
    int tk = (int) k.size(2);
    int group = nh / nkv;
    boolean host = FloatKernels.usable(p, ds);
    long work = host ? 8L * b * nh * tq * tk * hs : 0;
    Parallel.forEach(b * nkv, work, j -> {
      int i = j / nkv;
      int g = j % nkv;
      for (int r = 0; r < group; r++) {
        int h = g * group + r;
        long pOff = ((long) i * nh + h) * tq * tk;
        if (dv != null) { // dV = sum over the group of P^T dY
          new StridedGemm(p, dy, dv).run(true, pOff, tk, false, at(dy, i, h), ld(dy), at(dv, i, g), ld(dv), tk, hs,
              tq, 1.0, r == 0 ? 0 : 1);
        }
        new StridedGemm(dy, v, ds).run(false, at(dy, i, h), ld(dy), true, at(v, i, g), ld(v), pOff, tk, tq, tk, hs,
            1.0); // dP = dY V^T
        if (host) {
          SoftmaxKernels.softmaxBlockBackward(p, ds, (long) i * nh + h, tq, tk, visible, 1f); // dS
        }
      }
    });
    if (!host) {
      Attention.softmaxBackwardInPlace(p, ds);
    }
    Parallel.forEach(b * nkv, work, j -> {
      int i = j / nkv;
      int g = j % nkv;
      for (int r = 0; r < group; r++) {
        int h = g * group + r;
        long pOff = ((long) i * nh + h) * tq * tk;
        if (dq != null) { // dQ = scale dS K
          new StridedGemm(ds, k, dq).run(false, pOff, tk, false, at(k, i, g), ld(k), at(dq, i, h), ld(dq), tq, hs,
              tk, scale);
        }
        if (dk != null) { // dK = sum over the group of scale dS^T Q
          new StridedGemm(ds, q, dk).run(true, pOff, tk, false, at(q, i, h), ld(q), at(dk, i, g), ld(dk), tk, hs,
              tq, scale, r == 0 ? 0 : 1);
        }
      }
    });
  }

  /** Element offset of head h of batch i of x (B, heads, T, hs) from x's first element. */
  private static long at(INDArray x, int i, int h) {
    return i * stride(x, 0) + h * stride(x, 1);
  }

  /** The distance between rows of one head (at least hs, as BLAS requires even of a single row). */
  private static int ld(INDArray x) {
    return (int) (x.size(2) == 1 ? Math.max(1, x.size(3)) : x.stride(2));
  }

  private static long stride(INDArray x, int axis) {
    return x.size(axis) == 1 ? 0 : x.stride(axis);
  }
}
