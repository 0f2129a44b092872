package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise hyperbolic tangent. */
public record Tanh() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray y = Transforms.tanh(in[0], true);
    ctx.save(y);
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray y = ctx.saved(0);
    // d tanh = 1 - tanh^2
    return new INDArray[] {y.mul(y).rsubi(1.0).muli(g)};
  }
}
