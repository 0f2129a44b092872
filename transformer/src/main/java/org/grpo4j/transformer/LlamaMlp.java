package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Module;
import org.nd4j.linalg.api.buffer.DataType;

/** The SwiGLU feed-forward block: down_proj(silu(gate_proj(x)) * up_proj(x)). */
final class LlamaMlp extends Module {
  private final Projection gate;
  private final Projection up;
  private final Projection down;

  LlamaMlp(LlamaConfig c, SplittableRandom rng, DataType dtype) {
    this.gate = registerModule("gate_proj", new Projection(c.hiddenSize(), c.intermediateSize(), false, 0.02, rng,
        dtype));
    this.up = registerModule("up_proj", new Projection(c.hiddenSize(), c.intermediateSize(), false, 0.02, rng, dtype));
    this.down = registerModule("down_proj", new Projection(c.intermediateSize(), c.hiddenSize(), false, 0.02, rng,
        dtype));
  }

  /** x (B, T, C) -> (B, T, C). */
  Tensor forward(Tensor x) {
    return down.forward(F.swiGlu(gate.forward(x), up.forward(x))); // (B, T, I) in the middle
  }
}
