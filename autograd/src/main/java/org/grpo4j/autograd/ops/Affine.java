package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise scale * x + shift with constant scalars (scalar add, multiply and subtract). */
public record Affine(double scale, double shift) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray y = scale == 1.0 ? in[0].dup() : in[0].mul(scale);
    return shift == 0.0 ? y : y.addi(shift);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {scale == 1.0 ? g : g.mul(scale)};
  }
}
