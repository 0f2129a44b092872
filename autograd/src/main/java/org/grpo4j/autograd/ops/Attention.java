package org.grpo4j.autograd.ops;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.grpo4j.autograd.ops.AttentionKernels.Heads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multi-head scaled dot-product attention, the training path of every model: q (B, nh, Tq, hs) over k, v (B, nkv,
 * Tk, hs) gives softmax(scale q k^T + bias [+ causal mask]) v with the heads merged: (B, Tq, nh * hs), query head h
 * reading key/value head h / (nh / nkv) (grouped-query attention when nkv < nh). The optional last input is an
 * additive bias (B, Tq, Tk) shared by the heads; with {@code causal}, query i (the last Tq of Tk positions) sees keys
 * j <= i + Tk - Tq. With {@code packed} the one input (besides the bias) is a projection (B, T, (nh + 2 nkv) hs)
 * holding the query heads, then the key heads, then the value heads (GPT-2's c_attn); its gradient is one packed
 * array. On the CPU, {@link AttentionKernels} read and write every head in place and, in float32 without a bias, keep
 * the probabilities P and their gradient in each thread's block, recomputing P in the backward; the reference
 * below, on ND4J views and dense copies with key/value heads repeated, is the path of other backends.
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
    INDArray[] a = inputs(in); // packed: x, null, null, bias; else q, k, v, bias
    int[] d = dims(a[0], a[1]); // B, nh, nkv, Tq, Tk, hs
    INDArray bias = a[3];
    DataType dtype = a[0].dataType();
    boolean kernels = AttentionKernels.usable(a[0], packed == null ? a[1] : a[0], packed == null ? a[2] : a[0]);
    boolean recompute = kernels && AttentionKernels.recomputes(a[0], bias != null, d, visible(d), scale);
    INDArray p = recompute ? null : Nd.empty(dtype, d[0], d[1], d[3], d[4]); // (B, nh, Tq, Tk); null: recomputed
    INDArray y = Nd.empty(dtype, d[0], d[3], (long) d[1] * d[5]); // (B, Tq, nh * hs)
    if (kernels) {
      Heads[] h = heads(a[0], a[1], a[2], d);
      AttentionKernels.forward(h[0], h[1], h[2], bias, d, visible(d), scale, p, Heads.packed(y, 0, d[5]));
    } else { // reference
      INDArray[] v = views(a[0], a[1], a[2], d);
      p.assign(Gemm.mm(Nd.contiguous(v[0]), false, repeat(v[1], d[1]), true).muli(scale));
      maskedSoftmaxInPlace(p, bias, visible(d));
      merged(y, d).assign(Gemm.mm(p, false, repeat(v[2], d[1]), false));
    }
    ctx.save(a[0], a[1], a[2], p);
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray x0 = ctx.saved(0); // q, or the packed projection
    INDArray x1 = ctx.saved(1); // k (null when packed)
    INDArray x2 = ctx.saved(2); // v (null when packed)
    INDArray p = ctx.saved(3); // (B, nh, Tq, Tk), or null: the kernels recompute it
    int[] d = dims(x0, x1);
    DataType dtype = x0.dataType();
    INDArray dy = Nd.contiguous(g); // (B, Tq, nh * hs)
    boolean bias = ctx.inputs() == (packed == null ? 4 : 2);
    boolean dsInBlock = p == null || AttentionKernels.usable(x0, dy)
        && AttentionKernels.dsInBlock(x0, bias, d, visible(d), scale, false);
    INDArray ds = dsInBlock ? null : Nd.empty(dtype, d[0], d[1], d[3], d[4]); // null: dS in the kernels' blocks
    INDArray[] grads = new INDArray[ctx.inputs()];
    if (packed != null) {
      grads[0] = Nd.empty(dtype, x0.shape()); // every part written below
    } else {
      INDArray[] like = {x0, x1, x2};
      for (int i = 0; i < 3; i++) {
        grads[i] = ctx.needsGrad(i) ? Nd.empty(dtype, like[i].shape()) : null;
      }
    }
    if (dsInBlock || AttentionKernels.usable(x0, p, dy)) {
      Heads[] h = heads(x0, x1, x2, d);
      Heads[] dh = packed != null ? heads(grads[0], null, null, d)
          : new Heads[] {heads(grads[0]), heads(grads[1]), heads(grads[2])};
      AttentionKernels.backward(h[0], h[1], h[2], bias, p, d, visible(d), scale, Heads.packed(dy, 0, d[5]), dh[0],
          dh[1], dh[2], ds);
    } else { // reference
      INDArray[] v = views(x0, x1, x2, d);
      INDArray[] dv = packed != null ? views(grads[0], null, null, d) : new INDArray[] {grads[0], grads[1], grads[2]};
      INDArray dyh = merged(dy, d).dup('c'); // (B, nh, Tq, hs)
      if (dv[2] != null) {
        dv[2].assign(sumGroups(Gemm.mm(p, true, dyh, false), d[2])); // dV = P^T dY
      }
      ds.assign(Gemm.mm(dyh, false, repeat(v[2], d[1]), true)); // dP = dY V^T
      Softmaxes.softmaxBackwardInPlace(p, ds, 3); // dS
      if (dv[0] != null) {
        dv[0].assign(Gemm.mm(ds, false, repeat(v[1], d[1]), false).muli(scale)); // dQ = scale dS K
      }
      if (dv[1] != null) {
        dv[1].assign(sumGroups(Gemm.mm(ds, true, Nd.contiguous(v[0]), false).muli(scale), d[2])); // dK
      }
    }
    if (bias && ctx.needsGrad(ctx.inputs() - 1)) {
      grads[ctx.inputs() - 1] = ds.sum(1); // the bias is shared by the heads: (B, Tq, Tk)
    }
    return grads;
  }

  /** The inputs validated: the packed projection (dense), null, null, bias; or q, k, v (GEMM-readable), bias. */
  private INDArray[] inputs(INDArray[] in) {
    INDArray bias;
    INDArray[] a;
    if (packed != null) {
      INDArray x = in[0];
      int parts = packed.nHead() + 2 * packed.nKvHead();
      if (in.length > 2 || x.rank() != 3 || x.size(2) % parts != 0 || x.size(2) == 0 || x.size(1) == 0) {
        throw new ShapeException("attention: packed qkv " + Nd.shape(x) + " is not (B, T, (" + packed.nHead()
            + " + 2 * " + packed.nKvHead() + ") * hs)");
      }
      bias = in.length == 2 ? in[1] : null;
      a = new INDArray[] {Nd.contiguous(x), null, null, null};
    } else {
      if (in.length < 3 || in.length > 4) {
        throw new ShapeException("attention: " + in.length + " inputs (expected q, k, v and an optional bias)");
      }
      INDArray q = in[0];
      INDArray k = in[1];
      INDArray v = in[2];
      if (q.rank() != 4 || k.rank() != 4 || !Arrays.equals(k.shape(), v.shape()) || k.size(0) != q.size(0)
          || k.size(3) != q.size(3) || k.size(1) == 0 || q.size(1) % k.size(1) != 0 || q.size(2) == 0
          || k.size(2) == 0 || (causal && k.size(2) < q.size(2)) || q.dataType() != k.dataType()
          || v.dataType() != q.dataType()) {
        throw new ShapeException("attention: q " + Nd.shape(q) + " " + q.dataType() + ", k " + Nd.shape(k) + " "
            + k.dataType() + ", v " + Nd.shape(v) + " " + v.dataType() + " do not fit (expected one dtype, q (B, "
            + "nh, Tq, hs), k and v (B, nkv, Tk, hs) with nkv dividing nh" + (causal ? ", Tk >= Tq)" : ")"));
      }
      bias = in.length == 4 ? in[3] : null;
      a = new INDArray[] {readable(q), readable(k), readable(v), null};
    }
    int[] d = dims(a[0], a[1]);
    if (bias != null && (bias.rank() != 3 || bias.size(0) != d[0] || bias.size(1) != d[3] || bias.size(2) != d[4]
        || bias.dataType() != a[0].dataType())) {
      throw new ShapeException("attention: bias " + Nd.shape(bias) + " " + bias.dataType() + " is not (" + d[0]
          + ", " + d[3] + ", " + d[4] + ") " + a[0].dataType());
    }
    a[3] = bias == null ? null : Nd.contiguous(bias);
    return a;
  }

  /** B, nh, nkv, Tq, Tk, hs of q and k, or of the packed projection (k null). */
  private int[] dims(INDArray x, INDArray k) {
    if (packed != null) {
      int t = (int) x.size(1);
      int hs = (int) (x.size(2) / (packed.nHead() + 2 * packed.nKvHead()));
      return new int[] {(int) x.size(0), packed.nHead(), packed.nKvHead(), t, t, hs};
    }
    return new int[] {(int) x.size(0), (int) x.size(1), (int) k.size(1), (int) x.size(2), (int) k.size(2),
        (int) x.size(3)};
  }

  /** The kernels' view of q, k, v: three separate (B, heads, T, hs) arrays, or parts of one packed projection. */
  private Heads[] heads(INDArray x0, INDArray x1, INDArray x2, int[] d) {
    if (packed != null) {
      return new Heads[] {Heads.packed(x0, 0, d[5]), Heads.packed(x0, d[1], d[5]),
          Heads.packed(x0, d[1] + d[2], d[5])};
    }
    return new Heads[] {Heads.of(x0), Heads.of(x1), Heads.of(x2)};
  }

  private static Heads heads(INDArray x) {
    return x == null ? null : Heads.of(x);
  }

  /** q, k, v as (B, heads, T, hs) ND4J arrays (views of a packed projection): the reference path's operands. */
  private INDArray[] views(INDArray x0, INDArray x1, INDArray x2, int[] d) {
    if (packed == null) {
      return new INDArray[] {x0, x1, x2};
    }
    INDArray x4 = x0.reshape('c', d[0], d[3], d[1] + 2L * d[2], d[5]); // (B, T, nh + 2 nkv, hs)
    return new INDArray[] {part(x4, 0, d[1]), part(x4, d[1], d[2]), part(x4, d[1] + d[2], d[2])};
  }

  /** Merged heads y (B, Tq, nh * hs) as a (B, nh, Tq, hs) view. */
  private static INDArray merged(INDArray y, int[] d) {
    return y.reshape('c', d[0], d[3], d[1], d[5]).permute(0, 2, 1, 3);
  }

  /** The mask's count of visible keys for query 0 beyond itself: Tk - Tq when causal, all Tk otherwise. */
  private int visible(int[] d) {
    return causal ? d[4] - d[3] : d[4];
  }

  /** Heads [from, from + n) of x4 (B, T, parts, hs) as a (B, n, T, hs) view. */
  private static INDArray part(INDArray x4, long from, long n) {
    return x4.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, from + n), NDArrayIndex.all())
        .permute(0, 2, 1, 3);
  }

  /** x itself when a GEMM can read its heads in place, else a dense copy. */
  private static INDArray readable(INDArray x) {
    return AttentionKernels.readable(x) ? x : x.dup('c');
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
