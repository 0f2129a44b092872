package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Maximum over {@code axes} (all when empty); at ties the gradient is split evenly among the maxima. */
public record Max(int[] axes, boolean keepDim) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    int[] ax = Reduction.axes("max", axes, in[0].rank());
    INDArray kept = in[0].max(true, ax);
    ctx.save(in[0], kept);
    return Reduction.finish(kept, in[0].shape(), ax, keepDim);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray x = ctx.saved(0);
    INDArray kept = ctx.saved(1);
    long[] shape = x.shape();
    int[] ax = Reduction.axes("max", axes, shape.length);
    INDArray winners = x.eq(kept.broadcast(shape)).castTo(g.dataType());
    INDArray counts = winners.sum(true, ax);
    INDArray share = g.reshape('c', kept.shape()).div(counts);
    return new INDArray[] {winners.muli(share.broadcast(shape))};
  }
}
