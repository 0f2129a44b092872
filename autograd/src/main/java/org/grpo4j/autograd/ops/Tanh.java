package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Elementwise hyperbolic tangent. */
public record Tanh() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray y = Nd4j.getExecutioner().exec(
        new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(in[0], Nd4j.createUninitialized(in[0].dataType(),
            in[0].shape()))); // one pass: no copy of x first
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
