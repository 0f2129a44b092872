package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Slice {@code [start, start + length)} along {@code axis} (a view); backward scatters into zeros. */
public record Narrow(int axis, long start, long length) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    int a = Nd.axis("narrow", axis, x.rank());
    if (start < 0 || length < 0 || start + length > x.size(a)) {
      throw new ShapeException("narrow: range [" + start + ", " + (start + length) + ") is out of bounds for axis "
          + axis + " of size " + x.size(a) + " in shape " + Nd.shape(x));
    }
    ctx.saveShapes(x);
    return x.get(index(x.rank(), a));
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    long[] shape = ctx.shape(0);
    INDArray out = Nd.zeros(g.dataType(), shape);
    out.get(index(shape.length, Nd.axis("narrow", axis, shape.length))).assign(g);
    return new INDArray[] {out};
  }

  private INDArrayIndex[] index(int rank, int a) {
    INDArrayIndex[] idx = new INDArrayIndex[rank];
    for (int i = 0; i < rank; i++) {
      idx[i] = i == a ? NDArrayIndex.interval(start, start + length) : NDArrayIndex.all();
    }
    return idx;
  }
}
