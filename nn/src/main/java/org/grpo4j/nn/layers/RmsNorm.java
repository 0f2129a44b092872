package org.grpo4j.nn.layers;

import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Init;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;

/** RMS normalization over the last axis: x / sqrt(mean(x^2) + eps) * weight, weight (C) initialized to ones. */
public final class RmsNorm extends Module {
  private final Parameter weight;
  private final double eps;

  /** Scale ones. */
  public RmsNorm(int dim, double eps, DataType dtype) {
    if (!(eps > 0)) {
      throw new IllegalArgumentException("rms_norm: eps " + eps + " must be > 0");
    }
    this.weight = registerParameter("weight", Init.ones(dtype, dim));
    this.eps = eps;
  }

  /** x (..., C) -> (..., C). */
  public Tensor forward(Tensor x) {
    return F.rmsNorm(x, weight.tensor(), eps); // one fused op
  }

  /** The scale (C). */
  public Parameter weight() {
    return weight;
  }
}
