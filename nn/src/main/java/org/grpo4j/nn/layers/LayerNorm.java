package org.grpo4j.nn.layers;

import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Init;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;

/** Layer normalization over the last axis with a learned scale {@code weight} (C) and shift {@code bias} (C). */
public final class LayerNorm extends Module {
  private final Parameter weight;
  private final Parameter bias;
  private final double eps;

  /** Scale ones, shift zeros. */
  public LayerNorm(int dim, double eps, DataType dtype) {
    if (!(eps > 0)) {
      throw new IllegalArgumentException("layer_norm: eps " + eps + " must be > 0");
    }
    this.weight = registerParameter("weight", Init.ones(dtype, dim));
    this.bias = registerParameter("bias", Init.zeros(dtype, dim));
    this.eps = eps;
  }

  /** x (..., C) -> (..., C). */
  public Tensor forward(Tensor x) {
    return F.layerNorm(x, weight.tensor(), bias.tensor(), eps);
  }

  /** The scale (C). */
  public Parameter weight() {
    return weight;
  }

  /** The shift (C). */
  public Parameter bias() {
    return bias;
  }
}
