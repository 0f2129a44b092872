package org.grpo4j.autograd;

import org.grpo4j.autograd.ops.Attention;
import org.grpo4j.autograd.ops.Clamp;
import org.grpo4j.autograd.ops.Concat;
import org.grpo4j.autograd.ops.Dropout;
import org.grpo4j.autograd.ops.FusedMlp;
import org.grpo4j.autograd.ops.GatherLogProb;
import org.grpo4j.autograd.ops.Gelu;
import org.grpo4j.autograd.ops.IndexSelect;
import org.grpo4j.autograd.ops.LayerNorm;
import org.grpo4j.autograd.ops.Linear;
import org.grpo4j.autograd.ops.LogSoftmax;
import org.grpo4j.autograd.ops.MaskedFill;
import org.grpo4j.autograd.ops.Matmul;
import org.grpo4j.autograd.ops.Maximum;
import org.grpo4j.autograd.ops.Minimum;
import org.grpo4j.autograd.ops.MseLoss;
import org.grpo4j.autograd.ops.Relu;
import org.grpo4j.autograd.ops.RmsNorm;
import org.grpo4j.autograd.ops.Rope;
import org.grpo4j.autograd.ops.RopeTable;
import org.grpo4j.autograd.ops.Sigmoid;
import org.grpo4j.autograd.ops.Softmax;
import org.grpo4j.autograd.ops.Stack;
import org.grpo4j.autograd.ops.SwiGlu;
import org.grpo4j.autograd.ops.Where;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Functional ops beyond {@link Tensor}'s methods: activations, normalization, attention, losses, combinators. */
public final class F {
  private F() {}

  /** max(x, 0). */
  public static Tensor relu(Tensor x) {
    return Tensor.apply(new Relu(), x);
  }

  /** GELU, tanh form (GPT-2). */
  public static Tensor gelu(Tensor x) {
    return Tensor.apply(new Gelu(), x);
  }

  /** Logistic sigmoid. */
  public static Tensor sigmoid(Tensor x) {
    return Tensor.apply(new Sigmoid(), x);
  }

  /** softmax over {@code axis}. */
  public static Tensor softmax(Tensor x, int axis) {
    return Tensor.apply(new Softmax(axis), x);
  }

  /** log-softmax over {@code axis}. */
  public static Tensor logSoftmax(Tensor x, int axis) {
    return Tensor.apply(new LogSoftmax(axis), x);
  }

  /** Elementwise minimum of two tensors (broadcast). */
  public static Tensor minimum(Tensor a, Tensor b) {
    long[] s = Nd.broadcastShape("minimum", a.shape(), b.shape());
    return Tensor.apply(new Minimum(), a.expand(s), b.expand(s));
  }

  /** Elementwise maximum of two tensors (broadcast). */
  public static Tensor maximum(Tensor a, Tensor b) {
    long[] s = Nd.broadcastShape("maximum", a.shape(), b.shape());
    return Tensor.apply(new Maximum(), a.expand(s), b.expand(s));
  }

  /** Clamps x to [lo, hi]. */
  public static Tensor clamp(Tensor x, double lo, double hi) {
    return Tensor.apply(new Clamp(lo, hi), x);
  }

  /** cond != 0 ? a : b, elementwise (broadcast). */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    long[] s = Nd.broadcastShape("where", Nd.broadcastShape("where", cond.shape(), a.shape()), b.shape());
    return Tensor.apply(new Where(), cond.detach().expand(s), a.expand(s), b.expand(s));
  }

  /** x with {@code value} wherever mask != 0 (mask broadcast to x). */
  public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
    return Tensor.apply(new MaskedFill(value), x, mask.detach().expand(x.shape()));
  }

  /** Concatenation along {@code axis}. */
  public static Tensor concat(int axis, Tensor... xs) {
    return Tensor.apply(new Concat(axis), xs);
  }

  /** Stacking along a new axis {@code axis}. */
  public static Tensor stack(int axis, Tensor... xs) {
    return Tensor.apply(new Stack(axis), xs);
  }

  /** op(a) op(b) with optional transposes of the last two axes. */
  public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
    return Tensor.apply(new Matmul(transA, transB), a, b);
  }

  /** x (..., in) W (in, out) + b (out); b may be null. */
  public static Tensor linear(Tensor x, Tensor w, Tensor b) {
    return b == null ? Tensor.apply(new Linear(), x, w) : Tensor.apply(new Linear(), x, w, b);
  }

  /** Layer norm over the last axis with affine gamma, beta (C). */
  public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
    return Tensor.apply(new LayerNorm(eps), x, gamma, beta);
  }

  /**
   * Multi-head attention softmax(q k^T / sqrt(hs) [+ causal mask]) v of q (B, nh, Tq, hs) over k, v (B, nkv, Tk, hs),
   * nkv dividing nh (grouped-query: head h reads key/value head h / (nh / nkv)), heads merged: -> (B, Tq, nh * hs);
   * causal masks keys after each query (the queries being the last Tq of the Tk positions).
   */
  public static Tensor attention(Tensor q, Tensor k, Tensor v, boolean causal) {
    return Tensor.apply(new Attention(causal, 1.0 / Math.sqrt(q.size(-1)), null), q, k, v);
  }

  /** {@link #attention(Tensor, Tensor, Tensor, boolean)} with an additive bias (B, Tq, Tk) shared by the heads. */
  public static Tensor attention(Tensor q, Tensor k, Tensor v, Tensor bias, boolean causal) {
    return Tensor.apply(new Attention(causal, 1.0 / Math.sqrt(q.size(-1)), null), q, k, v, bias);
  }

  /**
   * The same attention on a packed projection qkv (B, T, (nHead + 2 nKvHead) hs), query heads then key heads then
   * value heads (GPT-2's c_attn): -> merged heads (B, T, nHead * hs).
   */
  public static Tensor attention(Tensor qkv, int nHead, int nKvHead, boolean causal) {
    long hs = qkv.size(-1) / (nHead + 2L * nKvHead);
    return Tensor.apply(new Attention(causal, 1.0 / Math.sqrt(Math.max(1, hs)), new Attention.Packed(nHead, nKvHead)),
        qkv);
  }

  /** Embedding lookup: rows {@code ids} (laid out as {@code idShape}) of weight (V, D) give (idShape..., D). */
  public static Tensor embedding(Tensor weight, int[] ids, long... idShape) {
    return Tensor.apply(new IndexSelect(ids.clone(), idShape.clone()), weight);
  }

  /** log p(target) under softmax(logits) over the last axis: logits (..., V), one target per position -> (...). */
  public static Tensor gatherLogProb(Tensor logits, int[] targets) {
    return Tensor.apply(new GatherLogProb(targets.clone()), logits);
  }

  /**
   * Mean negative log-likelihood of {@code targets} under logits (..., V) over positions where mask != 0;
   * {@code mask} (shaped like the positions, or null for all) is a constant.
   */
  public static Tensor crossEntropy(Tensor logits, int[] targets, INDArray mask) {
    Tensor logp = gatherLogProb(logits, targets);
    if (mask == null) {
      return logp.mean().neg();
    }
    double count = mask.neq(0.0).castTo(logp.dtype()).sumNumber().doubleValue();
    if (count == 0) {
      throw new ShapeException("cross_entropy: the mask selects no position");
    }
    return logp.mul(Tensor.of(mask.castTo(logp.dtype()).reshape('c', logp.shape()))).sum().mul(-1.0 / count);
  }

  /** Mean squared error mean((prediction - target)^2) over all elements (equal shapes), as one fused op. */
  public static Tensor mseLoss(Tensor prediction, Tensor target) {
    return Tensor.apply(new MseLoss(), prediction, target);
  }

  /** Inverted dropout with drop probability p and a mask drawn from {@code seed}; identity when p = 0. */
  public static Tensor dropout(Tensor x, double p, long seed) {
    return p == 0 ? x : Tensor.apply(new Dropout(p, seed), x);
  }

  /** The GPT-2 feed-forward block gelu(x W1 + b1) W2 + b2 (tanh GELU) as one op: x (..., C) -> (..., C2). */
  public static Tensor mlp(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
    return Tensor.apply(new FusedMlp(), x, w1, b1, w2, b2);
  }

  /** RMS normalization over the last axis: x (..., C) / sqrt(mean(x^2) + eps) * weight (C). */
  public static Tensor rmsNorm(Tensor x, Tensor weight, double eps) {
    return Tensor.apply(new RmsNorm(eps), x, weight);
  }

  /** silu(gate) * up of two equal-shaped tensors (the SwiGLU MLP's gate). */
  public static Tensor swiGlu(Tensor gate, Tensor up) {
    return Tensor.apply(new SwiGlu(), gate, up);
  }

  /** Rotary position embedding of x (B, T, nh, hd) at one position per (b, t) token (B * T of them). */
  public static Tensor rope(Tensor x, RopeTable table, int[] positions) {
    return Tensor.apply(new Rope(table, positions.clone()), x);
  }
}
