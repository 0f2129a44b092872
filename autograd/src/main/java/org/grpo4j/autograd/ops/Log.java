package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise natural logarithm. */
public record Log() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    ctx.save(in[0]);
    return Transforms.log(in[0], true);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {g.div(ctx.saved(0))};
  }
}
