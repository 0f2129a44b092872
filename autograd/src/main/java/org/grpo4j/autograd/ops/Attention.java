package org.grpo4j.autograd.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multi-head scaled dot-product attention, the training path of every model: q (B, nh, Tq, hs) over k, v (B, nkv,
 * Tk, hs) gives softmax(scale q k^T + bias [+ causal mask]) v as (B, nh, Tq, hs), query head h reading key/value
 * head h / (nh / nkv) (grouped-query attention when nkv < nh). The optional last input is an additive bias (B, Tq,
 * Tk) shared by the heads; with {@code causal}, query i (the last Tq of Tk positions) sees keys j <= i + Tk - Tq.
 * With {@code packed} the one input (besides the bias) is a projection (B, T, (nh + 2 nkv) hs) holding the query
 * heads, then the key heads, then the value heads (GPT-2's c_attn); its gradient is one packed array. On the CPU,
 * {@link AttentionKernels} read every head in place; the reference below is the path of other backends. The output
 * lies in memory as (B, Tq, nh, hs), so merging heads (permute, reshape) copies nothing.
 */
public record Attention(boolean causal, double scale, Packed packed) implements Op {
  /** The layout of a packed projection: {@code nHead} query heads, then {@code nKvHead} key and value heads each. */
  public record Packed(int nHead, int nKvHead) {
    /** Validates the head counts. */
    public Packed {
      if (nHead < 1 || nKvHead < 1 || nHead % nKvHead != 0) {
        throw new IllegalArgumentException("attention: " + nHead + " query heads and " + nKvHead
            + " key/value heads (expected both at least 1, the key/value heads dividing the query heads)");
      }
    }
  }

  /** Validates the scale. */
  public Attention {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("attention: scale " + scale + " must be positive and finite");
    }
  }

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray[] qkv = heads(in);
    INDArray q = qkv[0];
    INDArray k = qkv[1];
    INDArray v = qkv[2];
    INDArray bias = qkv[3];
    long b = q.size(0);
    long nh = q.size(1);
    long tq = q.size(2);
    long tk = k.size(2);
    long hs = q.size(3);
    INDArray p = Nd.empty(q.dataType(), b, nh, tq, tk);
    INDArray y = Nd.empty(q.dataType(), b, tq, nh, hs).permute(0, 2, 1, 3); // (B, nh, Tq, hs)
    if (AttentionKernels.usable(q, k, v)) {
      AttentionKernels.forward(q, k, v, bias, visible(tq, tk), scale, p, y);
    } else { // reference: dense copies, key/value heads repeated for their group
      p.assign(Gemm.mm(Nd.contiguous(q), false, repeat(k, nh), true).muli(scale));
      maskedSoftmaxInPlace(p, bias, visible(tq, tk));
      y.assign(Gemm.mm(p, false, repeat(v, nh), false));
    }
    ctx.save(q, k, v, p);
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray q = ctx.saved(0);
    INDArray k = ctx.saved(1);
    INDArray v = ctx.saved(2);
    INDArray p = ctx.saved(3); // (B, nh, Tq, Tk)
    boolean hasBias = ctx.inputs() == (packed == null ? 4 : 2);
    INDArray[] grads = new INDArray[ctx.inputs()];
    INDArray[] d = gradients(ctx, q, k, v, grads); // dq, dk, dv views (null where not needed)
    INDArray ds = Nd.empty(p.dataType(), p.shape());
    INDArray dy = AttentionKernels.inPlace(g) ? g : g.dup('c');
    if (AttentionKernels.usable(q, k, v, dy)) {
      AttentionKernels.backward(q, k, v, p, visible(q.size(2), k.size(2)), scale, dy, d[0], d[1], d[2], ds);
    } else { // reference
      long nh = q.size(1);
      if (d[2] != null) {
        d[2].assign(sumGroups(Gemm.mm(p, true, Nd.contiguous(dy), false), k.size(1))); // dV = P^T dY
      }
      ds.assign(Gemm.mm(Nd.contiguous(dy), false, repeat(v, nh), true)); // dP = dY V^T
      softmaxBackwardInPlace(p, ds); // dS
      if (d[0] != null) {
        d[0].assign(Gemm.mm(ds, false, repeat(k, nh), false).muli(scale)); // dQ = scale dS K
      }
      if (d[1] != null) {
        d[1].assign(sumGroups(Gemm.mm(ds, true, Nd.contiguous(q), false).muli(scale), k.size(1))); // dK
      }
    }
    if (hasBias && ctx.needsGrad(grads.length - 1)) {
      grads[grads.length - 1] = ds.sum(1); // the bias is shared by the heads: (B, Tq, Tk)
    }
    return grads;
  }

  /** q, k, v as (B, heads, T, hs) arrays a GEMM can read in place, and the bias (or null); validates shapes. */
  private INDArray[] heads(INDArray[] in) {
    INDArray q;
    INDArray k;
    INDArray v;
    INDArray bias;
    if (packed != null) {
      INDArray x = in[0];
      int parts = packed.nHead() + 2 * packed.nKvHead();
      if (in.length > 2 || x.rank() != 3 || x.size(2) % parts != 0 || x.size(2) == 0) {
        throw new ShapeException("attention: packed qkv " + Nd.shape(x) + " is not (B, T, (" + packed.nHead()
            + " + 2 * " + packed.nKvHead() + ") * hs)");
      }
      INDArray x4 = Nd.contiguous(x).reshape('c', x.size(0), x.size(1), parts, x.size(2) / parts); // (B, T, ., hs)
      q = part(x4, 0, packed.nHead());
      k = part(x4, packed.nHead(), packed.nKvHead());
      v = part(x4, packed.nHead() + packed.nKvHead(), packed.nKvHead());
      bias = in.length == 2 ? in[1] : null;
    } else {
      if (in.length < 3 || in.length > 4) {
        throw new ShapeException("attention: " + in.length + " inputs (expected q, k, v and an optional bias)");
      }
      q = in[0];
      k = in[1];
      v = in[2];
      bias = in.length == 4 ? in[3] : null;
    }
    long tq = q.rank() == 4 ? q.size(2) : -1;
    long tk = k.rank() == 4 ? k.size(2) : -1;
    if (q.rank() != 4 || k.rank() != 4 || !java.util.Arrays.equals(k.shape(), v.shape()) || k.size(0) != q.size(0)
        || k.size(3) != q.size(3) || q.size(1) % Math.max(1, k.size(1)) != 0 || k.size(1) == 0 || tq == 0
        || (causal && tk < tq) || q.dataType() != k.dataType() || v.dataType() != q.dataType()) {
      throw new ShapeException("attention: q " + Nd.shape(q) + " " + q.dataType() + ", k " + Nd.shape(k) + " "
          + k.dataType() + ", v " + Nd.shape(v) + " " + v.dataType() + " do not fit (expected one dtype, q (B, nh, "
          + "Tq, hs), k and v (B, nkv, Tk, hs) with nkv dividing nh" + (causal ? ", Tk >= Tq)" : ")"));
    }
    if (bias != null && (bias.rank() != 3 || bias.size(0) != q.size(0) || bias.size(1) != tq || bias.size(2) != tk
        || bias.dataType() != q.dataType())) {
      throw new ShapeException("attention: bias " + Nd.shape(bias) + " " + bias.dataType() + " is not ("
          + q.size(0) + ", " + tq + ", " + tk + ") " + q.dataType());
    }
    return new INDArray[] {readable(q), readable(k), readable(v), bias == null ? null : Nd.contiguous(bias)};
  }

  /**
   * Arrays for dq, dk, dv (null where no gradient is needed), shaped like q, k, v and laid out like the inputs
   * they came from: separate gradients as (B, T, heads, hs) (what a permuted projection wants back), a packed
   * one as one (B, T, (nh + 2 nkv) hs) array, which goes into {@code grads}.
   */
  private INDArray[] gradients(Context ctx, INDArray q, INDArray k, INDArray v, INDArray[] grads) {
    if (packed != null) {
      long nh = q.size(1);
      long nkv = k.size(1);
      INDArray dx = Nd.empty(q.dataType(), q.size(0), q.size(2), nh + 2 * nkv, q.size(3)); // all parts written
      grads[0] = dx.reshape('c', q.size(0), q.size(2), (nh + 2 * nkv) * q.size(3));
      return new INDArray[] {part(dx, 0, nh), part(dx, nh, nkv), part(dx, nh + nkv, nkv)};
    }
    INDArray[] like = {q, k, v};
    INDArray[] d = new INDArray[3];
    for (int i = 0; i < 3; i++) {
      if (ctx.needsGrad(i)) {
        INDArray x = like[i];
        d[i] = Nd.empty(x.dataType(), x.size(0), x.size(2), x.size(1), x.size(3)).permute(0, 2, 1, 3);
        grads[i] = d[i];
      }
    }
    return d;
  }

  /** The mask's count of visible keys for query 0 beyond itself: Tk - Tq when causal, all Tk otherwise. */
  private int visible(long tq, long tk) {
    return (int) (causal ? tk - tq : tk);
  }

  /** Heads [from, from + n) of x4 (B, T, parts, hs) as a (B, n, T, hs) view. */
  private static INDArray part(INDArray x4, long from, long n) {
    return x4.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, from + n), NDArrayIndex.all())
        .permute(0, 2, 1, 3);
  }

  /** x itself when a GEMM can read its heads in place, else a dense copy. */
  private static INDArray readable(INDArray x) {
    return AttentionKernels.inPlace(x) ? x : x.dup('c');
  }

  /** Key or value heads x (B, nkv, T, hs) repeated for their query group: (B, nh, T, hs), dense. */
  private static INDArray repeat(INDArray x, long nh) {
    long group = nh / x.size(1);
    INDArray d = Nd.contiguous(x);
    if (group == 1) {
      return d;
    }
    return d.reshape('c', x.size(0), x.size(1), 1, x.size(2), x.size(3))
        .broadcast(x.size(0), x.size(1), group, x.size(2), x.size(3)).dup('c')
        .reshape('c', x.size(0), nh, x.size(2), x.size(3));
  }

  /** Gradients of repeated heads (B, nh, T, hs) summed back over each group: (B, nkv, T, hs). */
  private static INDArray sumGroups(INDArray g, long nkv) {
    long group = g.size(1) / nkv;
    return group == 1 ? g : g.reshape('c', g.size(0), nkv, group, g.size(2), g.size(3)).sum(2);
  }

  /**
   * s (B, nh, Tq, Tk), dense, in place: + bias (B, Tq, Tk) on every head (null: none), row i masked beyond key
   * i + visible, softmax over the last axis.
   */
  static void maskedSoftmaxInPlace(INDArray s, INDArray bias, int visible) {
    long b = s.size(0);
    long nh = s.size(1);
    long tq = s.size(2);
    long tk = s.size(3);
    INDArray rows = s.reshape('c', b, nh, tq * tk);
    if (bias != null) {
      INDArray flat = bias.reshape('c', b, tq * tk);
      for (long h = 0; h < nh; h++) {
        rows.get(NDArrayIndex.all(), NDArrayIndex.point(h), NDArrayIndex.all()).addi(flat);
      }
    }
    if (visible < tk) {
      rows.reshape('c', b * nh, tq * tk).addiRowVector(mask(s.dataType(), tq, tk, visible));
    }
    Softmaxes.softmaxInPlace(s, 3);
  }

  /** ds := p * (ds - rowsum(ds * p)) over the last axis of (B, nh, Tq, Tk), in place: softmax backward. */
  static void softmaxBackwardInPlace(INDArray p, INDArray ds) {
    if (FloatKernels.usable(p, ds)) {
      SoftmaxKernels.softmaxBlocksBackward(p, ds, (int) p.size(2), (int) p.size(3), (int) p.size(3), 1f);
    } else {
      Softmaxes.softmaxBackwardInPlace(p, ds, 3);
    }
  }

  /** Additive mask flattened to (Tq * Tk): 0 where key j < i + 1 + visible, -1e30 elsewhere (cached). */
  private static INDArray mask(DataType dtype, long tq, long tk, int visible) {
    return MASKS.computeIfAbsent(dtype + ":" + tq + ":" + tk + ":" + visible, key -> {
      double[] m = new double[(int) (tq * tk)];
      for (int i = 0; i < tq; i++) {
        for (int j = 0; j < tk; j++) {
          m[(int) (i * tk + j)] = j < i + 1 + visible ? 0.0 : -1e30;
        }
      }
      return Nd4j.createFromArray(m).castTo(dtype);
    });
  }

  private static final Map<String, INDArray> MASKS = new ConcurrentHashMap<>();
}
