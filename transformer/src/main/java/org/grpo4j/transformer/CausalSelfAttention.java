package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.ops.CachedAttention;
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

  /** Layer {@code layer} of a model shaped by {@code c}. */
  public CausalSelfAttention(GptConfig c, int layer, SplittableRandom rng, SeedStream seeds, DataType dtype) {
    double projStd = 0.02 / Math.sqrt(2.0 * c.nLayer());
    this.cAttn = registerModule("c_attn", Linear.create(c.nEmbd(), 3 * c.nEmbd(), true, 0.02, rng, dtype));
    this.cProj = registerModule("c_proj", Linear.create(c.nEmbd(), c.nEmbd(), true, projStd, rng, dtype));
    this.residDropout = registerModule("resid_dropout", new Dropout(c.dropout(), seeds));
    this.layer = layer;
    this.nHead = c.nHead();
  }

  /**
   * x (B, T, C) -> (B, T, C). Without cache or bias this is one fused autograd op on the packed projection. With a
   * cache or a bias (B, T, Tk) (inference only, no graph), the new keys and values go to the cache and attention
   * reads all its slots once it holds earlier tokens, masked by the bias.
   */
  public Tensor forward(Tensor x, KvCache cache, INDArray bias) {
    Tensor qkv = cAttn.forward(x); // (B, T, 3C)
    if (cache == null && bias == null) {
      return residDropout.forward(cProj.forward(F.attention(qkv, nHead, nHead, true))); // (B, T, C)
    }
    INDArray q = InferenceAttention.heads(qkv.data(), 0, nHead); // (B, nh, T, hs)
    INDArray k = InferenceAttention.heads(qkv.data(), 1, nHead); // (B, nh, T, hs)
    INDArray v = InferenceAttention.heads(qkv.data(), 2, nHead); // (B, nh, T, hs)
    boolean cached = cache != null && cache.readsCache();
    if (cache != null) {
      cache.write(layer, k, v);
    }
    INDArray packed = Nd.contiguous(qkv.data());
    INDArray keys = cached ? cache.keys(layer) : null; // (B, nh, capacity, hs)
    INDArray values = cached ? cache.values(layer) : null;
    Tensor y;
    if (CachedAttention.usable(packed, keys, values, bias)) { // float32 on the CPU: per-head GEMMs in place
      int nKeys = cached ? cache.length() + (int) packed.size(1) : (int) packed.size(1);
      y = Tensor.of(MemoryScope.adopt(CachedAttention.attend(packed, nHead, keys, values, nKeys, bias)));
    } else {
      y = Tensor.of(MemoryScope.adopt(InferenceAttention.attend(q, cached ? keys : k, cached ? values : v, bias)));
    } // y (B, T, C); the step's scope releases it
    return residDropout.forward(cProj.forward(y));
  }
}
