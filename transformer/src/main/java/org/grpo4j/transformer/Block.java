package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.SeedStream;
import org.grpo4j.nn.layers.LayerNorm;
import org.grpo4j.nn.layers.Mlp;
import org.nd4j.linalg.api.buffer.DataType;

/** A pre-LayerNorm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)). */
public final class Block extends Module {
  private final LayerNorm ln1;
  private final CausalSelfAttention attn;
  private final LayerNorm ln2;
  private final Mlp mlp;

  /** Block {@code layer} of a model shaped by {@code c}. */
  public Block(GptConfig c, int layer, SplittableRandom rng, SeedStream seeds, DataType dtype) {
    this.ln1 = registerModule("ln_1", new LayerNorm(c.nEmbd(), c.layerNormEpsilon(), dtype));
    this.attn = registerModule("attn", new CausalSelfAttention(c, layer, rng, seeds, dtype));
    this.ln2 = registerModule("ln_2", new LayerNorm(c.nEmbd(), c.layerNormEpsilon(), dtype));
    this.mlp = registerModule("mlp", new Mlp(c.nEmbd(), 4 * c.nEmbd(), c.dropout(), seeds, 0.02,
        0.02 / Math.sqrt(2.0 * c.nLayer()), rng, dtype));
  }

  /** x (B, T, C) -> (B, T, C); with a cache (inference) x is a {@link SlotBatch} pass (1, N, C). */
  public Tensor forward(Tensor x, KvCache cache) {
    x = x.add(attn.forward(ln1.forward(x), cache));
    return x.add(mlp.forward(ln2.forward(x)));
  }
}
