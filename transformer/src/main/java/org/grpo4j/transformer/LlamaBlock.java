package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.ops.RopeTable;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.layers.RmsNorm;
import org.nd4j.linalg.api.buffer.DataType;

/** A pre-RMSNorm Llama block: x + self_attn(input_layernorm(x)), then x + mlp(post_attention_layernorm(x)). */
final class LlamaBlock extends Module {
  private final RmsNorm inputNorm;
  private final LlamaAttention attn;
  private final RmsNorm postNorm;
  private final LlamaMlp mlp;

  LlamaBlock(LlamaConfig c, int layer, RopeTable rope, SplittableRandom rng, DataType dtype) {
    this.inputNorm = registerModule("input_layernorm", new RmsNorm(c.hiddenSize(), c.rmsNormEps(), dtype));
    this.attn = registerModule("self_attn", new LlamaAttention(c, layer, rope, rng, dtype));
    this.postNorm = registerModule("post_attention_layernorm", new RmsNorm(c.hiddenSize(), c.rmsNormEps(), dtype));
    this.mlp = registerModule("mlp", new LlamaMlp(c, rng, dtype));
  }

  /** x (B, T, C) -> (B, T, C); positions and cache as in {@link LlamaAttention#forward}. */
  Tensor forward(Tensor x, int[] positions, KvCache cache) {
    x = x.add(attn.forward(inputNorm.forward(x), positions, cache));
    return x.add(mlp.forward(postNorm.forward(x)));
  }
}
