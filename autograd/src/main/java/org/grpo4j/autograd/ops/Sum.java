package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sum over {@code axes} (all axes when empty), keeping reduced axes as size 1 when {@code keepDim}. A dense float32
 * CPU array summed over every axis goes through {@link HostElementwise#sum} (fixed pieces, partials added in order).
 */
public record Sum(int[] axes, boolean keepDim) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    int[] ax = Reduction.axes("sum", axes, in[0].rank());
    ctx.saveShapes(in[0]);
    long[] shape = in[0].shape();
    if (ax.length == shape.length && FloatKernels.usable(in[0])) {
      INDArray kept = Nd.empty(in[0].dataType(), Reduction.keptShape(shape, ax));
      HostFloats.write(new float[] {(float) HostElementwise.sum(in[0])}, kept);
      return Reduction.finish(kept, shape, ax, keepDim);
    }
    return Reduction.finish(in[0].sum(true, ax), shape, ax, keepDim);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    long[] shape = ctx.shape(0);
    return new INDArray[] {Reduction.spread(g, shape, Reduction.axes("sum", axes, shape.length))};
  }
}
