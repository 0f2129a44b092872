package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise e^x. */
public record Exp() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray y = Transforms.exp(in[0], true);
    ctx.save(y); // d exp = exp
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {g.mul(ctx.saved(0))};
  }
}
