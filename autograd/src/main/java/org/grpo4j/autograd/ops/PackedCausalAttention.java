package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Fused multi-head causal self-attention on GPT-2's packed projection: qkv (B, T, 3C) (query, key, value side by
 * side, each C = nHead * hs) gives (B, T, C) = merged heads of softmax(q k^T / sqrt(hs) + causal mask) v: dense
 * head copies, two batched GEMMs, the softmax in place (float32: {@link FloatKernels}, skipping the masked half); backward uses rowsum(dP * P) = rowsum(dY * Y) and
 * writes dq, dk, dv into one packed gradient.
 */
public record PackedCausalAttention(int nHead) implements Op {

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    if (x.rank() != 3 || x.size(2) % (3L * nHead) != 0) {
      throw new ShapeException("packed_causal_attention: qkv " + Nd.shape(x) + " is not (B, T, 3 * " + nHead
          + " * hs)");
    }
    INDArray xc = Nd.contiguous(x);
    return StridedGemm.usable(xc, xc, xc) ? forwardStrided(ctx, xc) : forwardCopying(ctx, x);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return ctx.saved(0) == null ? backwardStrided(ctx, g) : backwardCopying(ctx, g);
  }

  /**
   * CPU: every head's GEMM reads q, k, v in place (leading dimension 3C) and writes merged heads (ldc C). Float32:
   * each (batch, head) runs q k^T, its softmax block and P v as one piece, pieces in parallel ({@link Parallel}).
   */
  private INDArray forwardStrided(Context ctx, INDArray x) {
    int b = (int) x.size(0);
    int t = (int) x.size(1);
    int c3 = (int) x.size(2);
    int c = c3 / 3;
    int hs = c / nHead;
    INDArray s = Nd.empty(x.dataType(), (long) b * nHead, t, t);
    INDArray y = Nd.empty(x.dataType(), b, t, c);
    double scale = 1.0 / Math.sqrt(hs);
    boolean host = FloatKernels.usable(s);
    long work = host ? 4L * b * nHead * t * t * hs : 0; // float64 (gradient checks) stays on one thread
    Parallel.forEach(b * nHead, work, j -> {
      long row = (long) (j / nHead) * t * c3 + (long) (j % nHead) * hs;
      new StridedGemm(x, x, s).run(false, row, c3, true, row + c, c3, (long) j * t * t, t, t, t, hs, scale); // q k^T
      if (host) {
        SoftmaxKernels.softmaxBlock(s, j, t, t, 0, 1f);
      }
    });
    if (!host) {
      softmaxInPlace(s, b * nHead, t);
    }
    Parallel.forEach(b * nHead, work, j -> {
      int i = j / nHead;
      int h = j % nHead;
      new StridedGemm(s, x, y).run(false, (long) j * t * t, t, false, (long) i * t * c3 + 2L * c + (long) h * hs, c3,
          (long) i * t * c + (long) h * hs, c, t, hs, t, 1.0); // P v into head h's columns of y
    });
    ctx.save(null, x, s); // null marks the strided layout for backward
    return y;
  }

  private INDArray[] backwardStrided(Context ctx, INDArray g) {
    INDArray x = ctx.saved(1); // (B, T, 3C)
    INDArray p = ctx.saved(2); // (B*nh, T, T)
    INDArray dy = Nd.contiguous(g); // (B, T, C)
    int b = (int) x.size(0);
    int t = (int) x.size(1);
    int c3 = (int) x.size(2);
    int c = c3 / 3;
    int hs = c / nHead;
    double scale = 1.0 / Math.sqrt(hs);
    INDArray dx = Nd.empty(x.dataType(), b, t, c3);
    INDArray ds = Nd.empty(x.dataType(), (long) b * nHead, t, t);
    boolean host = FloatKernels.usable(ds, p);
    long work = host ? 8L * b * nHead * t * t * hs : 0;
    Parallel.forEach(b * nHead, work, j -> {
      long pOff = (long) j * t * t;
      long yOff = (long) (j / nHead) * t * c + (long) (j % nHead) * hs;
      long xOff = (long) (j / nHead) * t * c3 + (long) (j % nHead) * hs; // q of head h; k at + c, v at + 2c
      new StridedGemm(p, dy, dx).run(true, pOff, t, false, yOff, c, xOff + 2L * c, c3, t, hs, t, 1.0); // dV = P^T dY
      new StridedGemm(dy, x, ds).run(false, yOff, c, true, xOff + 2L * c, c3, pOff, t, t, t, hs, 1.0); // dP = dY V^T
      if (host) {
        SoftmaxKernels.softmaxBlockBackward(p, ds, j, t, t, 0, 1f); // ds = dS, the gradient of the scaled scores
      }
    });
    if (!host) {
      softmaxBackwardInPlace(p, ds, b * nHead, t);
    }
    Parallel.forEach(b * nHead, work, j -> {
      long pOff = (long) j * t * t;
      long xOff = (long) (j / nHead) * t * c3 + (long) (j % nHead) * hs;
      StridedGemm dqk = new StridedGemm(ds, x, dx);
      dqk.run(false, pOff, t, false, xOff + c, c3, xOff, c3, t, hs, t, scale); // dQ = dS K / sqrt(hs)
      dqk.run(true, pOff, t, false, xOff, c3, xOff + c, c3, t, hs, t, scale); // dK = dS^T Q / sqrt(hs)
    });
    return new INDArray[] {dx};
  }

  /** Causal softmax over the last axis of s (blocks, t, t), in place. */
  private static void softmaxInPlace(INDArray s, int blocks, int t) {
    if (FloatKernels.usable(s)) { // float32: masked half skipped, vectorized exp
      SoftmaxKernels.softmaxBlocks(s, t, t, 0, 1f);
    } else {
      s.reshape('c', (long) blocks, (long) t * t).addiRowVector(Attention.mask(s.dataType(), t, t));
      Nd4j.exec(new SoftMax(s, s, 2));
    }
  }

  /** ds := P * (ds - rowsum(ds * P)) over (blocks, t, t), in place: softmax backward. */
  private static void softmaxBackwardInPlace(INDArray p, INDArray ds, int blocks, int t) {
    if (FloatKernels.usable(ds, p)) {
      SoftmaxKernels.softmaxBlocksBackward(p, ds, t, t, 0, 1f);
    } else {
      INDArray rowDot = ds.mul(p).sum(true, 2);
      ds.subi(rowDot.broadcast(ds.shape())).muli(p);
    }
  }

  /** Other backends: dense head copies and batched GEMMs. */
  private INDArray forwardCopying(Context ctx, INDArray x) {
    long b = x.size(0);
    long t = x.size(1);
    long hs = x.size(2) / (3L * nHead);
    long bh = b * nHead;
    INDArray x5 = Nd.contiguous(x).reshape('c', b, t, 3, nHead, hs); // (B, T, 3, nh, hs)
    INDArray q = heads(x5, 0).muli(1.0 / Math.sqrt(hs)); // (B*nh, T, hs), pre-scaled
    INDArray k = heads(x5, 1);
    INDArray v = heads(x5, 2);
    INDArray s = Nd.empty(x.dataType(), bh, t, t);
    Gemm.batchedInto(q, false, k, true, s); // (B*nh, T, T)
    softmaxInPlace(s, (int) bh, (int) t); // s is now P
    INDArray y = Nd.empty(x.dataType(), bh, t, hs);
    Gemm.batchedInto(s, false, v, false, y); // (B*nh, T, hs)
    ctx.save(q, k, v, s);
    return y.reshape('c', b, nHead, t, hs).permute(0, 2, 1, 3).dup('c').reshape('c', b, t, nHead * hs);
  }

  private INDArray[] backwardCopying(Context ctx, INDArray g) {
    INDArray q = ctx.saved(0); // (B*nh, T, hs), pre-scaled
    INDArray k = ctx.saved(1);
    INDArray v = ctx.saved(2);
    INDArray p = ctx.saved(3); // (B*nh, T, T)
    long bh = q.size(0);
    long t = q.size(1);
    long hs = q.size(2);
    long b = bh / nHead;
    INDArray dy = Nd.contiguous(g).reshape('c', b, t, nHead, hs).permute(0, 2, 1, 3).dup('c')
        .reshape('c', bh, t, hs); // (B*nh, T, hs)
    INDArray dv = Nd.empty(q.dataType(), bh, t, hs);
    Gemm.batchedInto(p, true, dy, false, dv); // dV = P^T dY
    INDArray ds = Nd.empty(q.dataType(), bh, t, t);
    Gemm.batchedInto(dy, false, v, true, ds); // dP = dY V^T
    softmaxBackwardInPlace(p, ds, (int) bh, (int) t); // dS = P * (dP - rowsum(dP * P)), S the scaled scores
    INDArray dq = Nd.empty(q.dataType(), bh, t, hs);
    Gemm.batchedInto(ds, false, k, false, dq);
    dq.muli(1.0 / Math.sqrt(hs)); // dQ = dS K / sqrt(hs)
    INDArray dk = Nd.empty(q.dataType(), bh, t, hs);
    Gemm.batchedInto(ds, true, q, false, dk); // dK = dS^T Q / sqrt(hs) (Q saved pre-scaled)
    INDArray dx = Nd.empty(q.dataType(), b, t, 3, nHead, hs); // every part assigned below
    INDArray[] parts = {dq, dk, dv};
    for (int i = 0; i < 3; i++) {
      dx.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all())
          .assign(parts[i].reshape('c', b, nHead, t, hs).permute(0, 2, 1, 3));
    }
    return new INDArray[] {dx.reshape('c', b, t, 3 * nHead * hs)};
  }

  /** Part i (0 q, 1 k, 2 v) of (B, T, 3, nh, hs) as a dense (B*nh, T, hs) copy. */
  private static INDArray heads(INDArray x5, int i) {
    INDArray part = x5.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all(),
        NDArrayIndex.all()); // (B, T, nh, hs)
    return part.permute(0, 2, 1, 3).dup('c').reshape('c', x5.size(0) * x5.size(3), x5.size(1), x5.size(4));
  }
}
