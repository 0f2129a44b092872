package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise logistic sigmoid 1 / (1 + e^-x). */
public record Sigmoid() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray y = Transforms.sigmoid(in[0], true);
    ctx.save(y);
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray y = ctx.saved(0);
    // d sigmoid = y (1 - y)
    return new INDArray[] {y.rsub(1.0).muli(y).muli(g)};
  }
}
