package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean over {@code axes} (all axes when empty), keeping reduced axes as size 1 when {@code keepDim}. */
public record Mean(int[] axes, boolean keepDim) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    int[] ax = Reduction.axes("mean", axes, in[0].rank());
    ctx.saveShapes(in[0]);
    return Reduction.finish(in[0].mean(true, ax), in[0].shape(), ax, keepDim);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    long[] shape = ctx.shape(0);
    int[] ax = Reduction.axes("mean", axes, shape.length);
    long count = 1;
    for (int a : ax) {
      count *= shape[a];
    }
    return new INDArray[] {Reduction.spread(g.div(count), shape, ax)};
  }
}
