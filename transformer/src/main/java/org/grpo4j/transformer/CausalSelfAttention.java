package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.SeedStream;
import org.grpo4j.nn.layers.Dropout;
import org.grpo4j.nn.layers.Linear;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Multi-head causal self-attention with GPT-2's fused projection c_attn (C, 3C) (query, key, value side by
 * side) and output projection c_proj (C, C). Dropout applies to the output (not to the attention weights).
 */
public final class CausalSelfAttention extends Module {
  private final Linear cAttn;
  private final Linear cProj;
  private final Dropout residDropout;
  private final int layer;
  private final int nHead;
  private final int nEmbd;

  /** Layer {@code layer} of a model shaped by {@code c}. */
  public CausalSelfAttention(GptConfig c, int layer, SplittableRandom rng, SeedStream seeds, DataType dtype) {
    double projStd = 0.02 / Math.sqrt(2.0 * c.nLayer());
    this.cAttn = registerModule("c_attn", Linear.create(c.nEmbd(), 3 * c.nEmbd(), true, 0.02, rng, dtype));
    this.cProj = registerModule("c_proj", Linear.create(c.nEmbd(), c.nEmbd(), true, projStd, rng, dtype));
    this.residDropout = registerModule("resid_dropout", new Dropout(c.dropout(), seeds));
    this.layer = layer;
    this.nHead = c.nHead();
    this.nEmbd = c.nEmbd();
  }

  /**
   * x (B, T, C) -> (B, T, C). With a cache, the new keys and values are stored and, after a prefill, attention
   * reads all cached slots; {@code bias} (B, 1, T, Tk), when not null, replaces the plain causal mask.
   */
  public Tensor forward(Tensor x, KvCache cache, INDArray bias) {
    long b = x.size(0);
    long t = x.size(1);
    Tensor q = heads(project(x, 0), b, t); // (B, nh, T, hs)
    Tensor k = heads(project(x, 1), b, t); // (B, nh, T, hs)
    Tensor v = heads(project(x, 2), b, t); // (B, nh, T, hs)
    if (cache != null) {
      cache.write(layer, k.data(), v.data());
      if (cache.readsCache()) {
        k = Tensor.of(cache.keys(layer)); // (B, nh, capacity, hs)
        v = Tensor.of(cache.values(layer)); // (B, nh, capacity, hs)
      }
    }
    Tensor y = bias == null ? F.attention(q, k, v, true) : maskedAttention(q, k, v, bias); // (B, nh, T, hs)
    y = y.permute(0, 2, 1, 3).reshape(b, t, nEmbd); // (B, T, C)
    return residDropout.forward(cProj.forward(y));
  }

  /** The query (0), key (1) or value (2) projection x W_i + b_i, W_i the i-th column block of c_attn. */
  private Tensor project(Tensor x, int i) {
    Tensor w = cAttn.weight().tensor().narrow(1, (long) i * nEmbd, nEmbd); // (C, C)
    Tensor bias = cAttn.bias().tensor().narrow(0, (long) i * nEmbd, nEmbd); // (C,)
    return F.linear(x, w, bias); // (B, T, C)
  }

  /** (B, T, C) -> (B, nh, T, hs). */
  private Tensor heads(Tensor x, long b, long t) {
    return x.reshape(b, t, nHead, nEmbd / nHead).permute(0, 2, 1, 3); // (B, nh, T, hs)
  }

  /** softmax(q k^T / sqrt(hs) + bias) v with an explicit additive bias (B, 1, Tq, Tk). */
  private static Tensor maskedAttention(Tensor q, Tensor k, Tensor v, INDArray bias) {
    Tensor scores = F.matmul(q, false, k, true).mul(1.0 / Math.sqrt(q.size(-1))); // (B, nh, Tq, Tk)
    return F.softmax(scores.add(Tensor.of(bias)), -1).matmul(v); // (B, nh, Tq, hs)
  }
}
