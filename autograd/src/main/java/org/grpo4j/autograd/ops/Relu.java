package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise max(x, 0); the gradient at exactly 0 is 0. */
public record Relu() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray y = Transforms.relu(in[0], true);
    ctx.save(y);
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray y = ctx.saved(0);
    INDArray mask = y.gt(0.0).castTo(g.dataType());
    return new INDArray[] {mask.muli(g)};
  }
}
