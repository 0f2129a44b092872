package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Nd;
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

  /** x (B, T, C) -> (B, T, C): one fused, differentiable causal attention op on the packed projection. */
  public Tensor forward(Tensor x) {
    Tensor qkv = cAttn.forward(x); // (B, T, 3C)
    return residDropout.forward(cProj.forward(F.attention(qkv, nHead, nHead, true))); // (B, T, C)
  }

  /**
   * x (1, N, C) of a {@link SlotBatch} pass -> (1, N, C) (inference only, no graph): the new keys and values go to
   * the cache and each token attends to its slot's positions up to its own ({@link InferenceAttention}).
   */
  public Tensor forward(Tensor x, KvCache cache) {
    if (cache == null) {
      return forward(x);
    }
    INDArray qkv = Nd.contiguous(cAttn.forward(x).data()); // (1, N, 3C)
    int c = (int) x.size(2);
    int hs = c / nHead;
    INDArray rows = qkv.reshape('c', qkv.size(1), 3L * c); // (N, 3C)
    INDArray y = InferenceAttention.attend(new HeadColumns(rows, 0, nHead, hs), new HeadColumns(rows, c, nHead, hs),
        new HeadColumns(rows, 2 * c, nHead, hs), cache, layer); // (N, C); the step's scope releases it
    return residDropout.forward(cProj.forward(Tensor.of(y.reshape('c', 1, y.size(0), c))));
  }
}
