package org.grpo4j.nn.layers;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.SeedStream;
import org.nd4j.linalg.api.buffer.DataType;

/** The GPT-2 feed-forward block: c_fc (C, H), GELU (tanh form), c_proj (H, C), dropout (one fused op + dropout). */
public final class Mlp extends Module {
  private final Linear cFc;
  private final Linear cProj;
  private final Dropout dropout;

  /** c_fc weights N(0, std^2), c_proj weights N(0, projStd^2), zero biases. */
  public Mlp(int dim, int hidden, double dropoutP, SeedStream seeds, double std, double projStd,
      SplittableRandom rng, DataType dtype) {
    this.cFc = registerModule("c_fc", Linear.create(dim, hidden, true, std, rng, dtype));
    this.cProj = registerModule("c_proj", Linear.create(hidden, dim, true, projStd, rng, dtype));
    this.dropout = registerModule("dropout", new Dropout(dropoutP, seeds));
  }

  /** x (..., C) -> (..., C): one fused op for c_proj(gelu(c_fc(x))), then dropout. */
  public Tensor forward(Tensor x) {
    return dropout.forward(F.mlp(x, cFc.weight().tensor(), cFc.bias().tensor(), cProj.weight().tensor(),
        cProj.bias().tensor()));
  }
}
