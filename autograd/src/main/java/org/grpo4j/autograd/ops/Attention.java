package org.grpo4j.autograd.ops;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fused scaled dot-product attention: q (B..., Tq, hs), k and v (B..., Tk, hs) give softmax(q k^T * scale
 * [+ causal mask]) v. With {@code causal}, query i (the last Tq of Tk positions) sees keys j <= i + Tk - Tq.
 */
public record Attention(boolean causal, double scale) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray q = Nd.contiguous(in[0]); // copied once here, reused by every GEMM forward and backward
    INDArray k = Nd.contiguous(in[1]);
    INDArray v = Nd.contiguous(in[2]);
    int r = q.rank();
    if (r < 2 || k.rank() != r || v.rank() != r || !Arrays.equals(k.shape(), v.shape())
        || q.size(r - 1) != k.size(r - 1) || !Arrays.equals(Arrays.copyOf(q.shape(), r - 2),
            Arrays.copyOf(k.shape(), r - 2)) || k.size(r - 2) < q.size(r - 2)) {
      throw new ShapeException("attention: q " + Nd.shape(q) + ", k " + Nd.shape(k) + ", v " + Nd.shape(v)
          + " do not fit (expected q (B..., Tq, hs), k and v (B..., Tk, hs), Tk >= Tq)");
    }
    INDArray s = Gemm.mm(q, false, k, true); // (B..., Tq, Tk)
    long tq = s.size(r - 2);
    long tk = s.size(r - 1);
    INDArray p;
    if (FloatKernels.usable(s) && scale > 0) { // float32: scale, mask and softmax in one host pass
      SoftmaxKernels.softmaxBlocks(s, (int) tq, (int) tk, visible(tq, tk), (float) scale);
      p = s;
    } else {
      s.muli(scale);
      if (causal && tq > 1) { // a single query sees every key
        s.reshape('c', s.length() / (tq * tk), tq * tk).addiRowVector(mask(s.dataType(), tq, tk)); // s is fresh
      }
      p = Softmaxes.softmaxInPlace(s, r - 1);
    }
    ctx.save(q, k, v, p);
    return Gemm.mm(p, false, v, false);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray q = ctx.saved(0);
    INDArray k = ctx.saved(1);
    INDArray v = ctx.saved(2);
    INDArray p = ctx.saved(3);
    INDArray dv = ctx.needsGrad(2) ? Gemm.mm(p, true, g, false) : null; // P^T dO
    INDArray dp = Gemm.mm(g, false, v, true); // dO V^T
    INDArray ds;
    if (FloatKernels.usable(dp, p)) {
      long tq = p.size(p.rank() - 2);
      long tk = p.size(p.rank() - 1);
      SoftmaxKernels.softmaxBlocksBackward(p, dp, (int) tq, (int) tk, visible(tq, tk), (float) scale);
      ds = dp;
    } else {
      ds = Softmaxes.softmaxBackwardInPlace(p, dp, p.rank() - 1).muli(scale);
    }
    INDArray dq = ctx.needsGrad(0) ? Gemm.mm(ds, false, k, false) : null; // dS K
    INDArray dk = ctx.needsGrad(1) ? Gemm.mm(ds, true, q, false) : null; // dS^T Q
    return new INDArray[] {dq, dk, dv};
  }

  /** The kernels' mask offset: query i sees keys j < i + 1 + offset. */
  private int visible(long tq, long tk) {
    return (int) (causal ? tk - tq : tk);
  }

  /** Additive causal mask flattened to (Tq * Tk): 0 where key j <= i + Tk - Tq, -1e30 elsewhere (cached). */
  static INDArray mask(DataType dtype, long tq, long tk) {
    return MASKS.computeIfAbsent(dtype + ":" + tq + ":" + tk, key -> {
      double[] m = new double[(int) (tq * tk)];
      for (int i = 0; i < tq; i++) {
        for (int j = 0; j < tk; j++) {
          m[(int) (i * tk + j)] = j <= i + tk - tq ? 0.0 : -1e30;
        }
      }
      return Nd4j.createFromArray(m).castTo(dtype);
    });
  }

  private static final Map<String, INDArray> MASKS = new ConcurrentHashMap<>();
}
