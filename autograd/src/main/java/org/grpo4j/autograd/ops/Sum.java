package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Sum over {@code axes} (all axes when empty), keeping reduced axes as size 1 when {@code keepDim}. */
public record Sum(int[] axes, boolean keepDim) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    int[] ax = Reduction.axes("sum", axes, in[0].rank());
    ctx.saveShapes(in[0]);
    return Reduction.finish(in[0].sum(true, ax), in[0].shape(), ax, keepDim);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    long[] shape = ctx.shape(0);
    return new INDArray[] {Reduction.spread(g, shape, Reduction.axes("sum", axes, shape.length))};
  }
}
