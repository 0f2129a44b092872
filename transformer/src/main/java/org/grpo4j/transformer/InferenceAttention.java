package org.grpo4j.transformer;

import org.grpo4j.autograd.Nd;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Attention for inference (no graph): an explicit additive bias for padding and cached slots, and the KV cache
 * write. A handful of ND4J calls per layer, so that decoding one token per step stays cheap.
 */
final class InferenceAttention {
  private InferenceAttention() {}

  /** {@code x} itself when it is a whole C-ordered array (the cache), else a dense copy (views of qkv). */
  private static INDArray dense(INDArray x) {
    return x.isView() ? x.dup('c') : Nd.contiguous(x);
  }

  /** Query (0), key (1) or value (2) heads of a packed projection qkv (B, T, 3C) as a view (B, nh, T, hs). */
  static INDArray heads(INDArray qkv, int part, int nHead) {
    long b = qkv.size(0);
    long t = qkv.size(1);
    long hs = qkv.size(2) / (3L * nHead);
    INDArray x5 = Nd.contiguous(qkv).reshape('c', b, t, 3, nHead, hs); // (B, T, 3, nh, hs)
    return x5.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(part), NDArrayIndex.all(),
        NDArrayIndex.all()).permute(0, 2, 1, 3); // (B, nh, T, hs)
  }

  /**
   * softmax(q k^T / sqrt(hs) + bias) v merged over heads: q (B, nh, Tq, hs), k and v (B, nkv, Tk, hs) with nkv
   * dividing nh (query head h reads key/value head h / (nh / nkv): grouped-query attention; nkv = nh is plain
   * multi-head attention), bias (B, Tq, Tk) shared by the heads -> (B, Tq, nh * hs). A group's queries are one GEMM.
   */
  static INDArray attend(INDArray q, INDArray k, INDArray v, INDArray bias) {
    long b = q.size(0);
    long nh = q.size(1);
    long tq = q.size(2);
    long hs = q.size(3);
    long nkv = k.size(1);
    long tk = k.size(2);
    if (nkv <= 0 || nh % nkv != 0) {
      throw new IllegalArgumentException("attention: " + nh + " query heads cannot share " + nkv + " key/value heads");
    }
    long group = nh / nkv;
    INDArray q3 = q.dup('c').reshape('c', b * nkv, group * tq, hs); // (B*nkv, group*Tq, hs): heads h = g*group + r
    INDArray k3 = dense(k).reshape('c', b * nkv, tk, hs); // (B*nkv, Tk, hs)
    INDArray v3 = dense(v).reshape('c', b * nkv, tk, hs); // (B*nkv, Tk, hs)
    INDArray s = Nd4j.create(q.dataType(), b * nkv, group * tq, tk);
    Nd4j.matmul(q3, k3, s, false, true, false); // (B*nkv, group*Tq, Tk) = (B, nh, Tq, Tk)
    s.muli(1.0 / Math.sqrt(hs));
    INDArray s3 = s.reshape('c', b, nh, tq * tk); // (B, nh, Tq*Tk)
    Nd4j.exec(new BroadcastAddOp(s3, bias.reshape('c', b, tq * tk), s3, 0, 2));
    Nd4j.exec(new SoftMax(s, s, 2));
    INDArray y = Nd4j.create(q.dataType(), b * nkv, group * tq, hs);
    Nd4j.matmul(s, v3, y, false, false, false); // (B*nkv, group*Tq, hs) = (B, nh, Tq, hs)
    if (tq == 1) {
      return y.reshape('c', b, 1, nh * hs); // (B, 1, C)
    }
    return y.reshape('c', b, nh, tq, hs).permute(0, 2, 1, 3).dup('c').reshape('c', b, tq, nh * hs); // (B, Tq, C)
  }
}
