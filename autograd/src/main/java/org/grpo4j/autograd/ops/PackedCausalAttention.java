package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.buffer.DataType;
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
    if (FloatKernels.usable(s)) { // float32: masked half skipped, vectorized exp
      float[] sv = FloatKernels.read(s, 0);
      FloatKernels.causalSoftmax(sv, (int) bh, (int) t);
      FloatKernels.write(sv, s);
    } else {
      s.reshape('c', bh, t * t).addiRowVector(Attention.mask(x.dataType(), t, t));
      Nd4j.exec(new SoftMax(s, s, 2)); // in place: s is now P
    }
    INDArray y = Nd.empty(x.dataType(), bh, t, hs);
    Gemm.batchedInto(s, false, v, false, y); // (B*nh, T, hs)
    ctx.save(q, k, v, s, y);
    return y.reshape('c', b, nHead, t, hs).permute(0, 2, 1, 3).dup('c').reshape('c', b, t, nHead * hs);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray q = ctx.saved(0); // (B*nh, T, hs), pre-scaled
    INDArray k = ctx.saved(1);
    INDArray v = ctx.saved(2);
    INDArray p = ctx.saved(3); // (B*nh, T, T)
    INDArray y = ctx.saved(4); // (B*nh, T, hs)
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
    if (FloatKernels.usable(ds, p)) { // dS = P * (dP - rowsum(dP * P)), S the scaled scores
      float[] dsv = FloatKernels.read(ds, 0);
      FloatKernels.causalSoftmaxBackward(FloatKernels.read(p, 1), dsv, (int) bh, (int) t);
      FloatKernels.write(dsv, ds);
    } else {
      INDArray rowDot = dy.mul(y).sum(true, 2).reshape('c', bh * t, 1); // rowsum(dP * P) = rowsum(dY * Y)
      ds.reshape('c', bh * t, t).subiColumnVector(rowDot);
      ds.muli(p);
    }
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
