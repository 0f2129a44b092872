package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise square root. */
public record Sqrt() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray y = Transforms.sqrt(in[0], true);
    ctx.save(y);
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    // d sqrt(x) = 1 / (2 sqrt(x))
    return new INDArray[] {g.div(ctx.saved(0)).muli(0.5)};
  }
}
