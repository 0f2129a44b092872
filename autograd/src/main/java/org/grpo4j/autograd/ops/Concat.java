package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Concatenates inputs along {@code axis}; all other axes must agree. */
public record Concat(int axis) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    int rank = in[0].rank();
    int a = Nd.axis("concat", axis, rank);
    for (int i = 1; i < in.length; i++) {
      boolean ok = in[i].rank() == rank && in[i].dataType() == in[0].dataType();
      for (int d = 0; ok && d < rank; d++) {
        ok = d == a || in[i].size(d) == in[0].size(d);
      }
      if (!ok) {
        throw new ShapeException("concat: input " + i + " " + Nd.shape(in[i]) + " " + in[i].dataType()
            + " does not match input 0 " + Nd.shape(in[0]) + " " + in[0].dataType() + " outside axis " + axis);
      }
    }
    ctx.saveShapes(in);
    return in.length == 1 ? in[0].dup() : Nd4j.concat(a, in);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    int n = ctx.inputs();
    INDArray[] grads = new INDArray[n];
    int a = Nd.axis("concat", axis, g.rank());
    long offset = 0;
    for (int i = 0; i < n; i++) {
      long len = ctx.shape(i)[a];
      grads[i] = ctx.needsGrad(i) ? new Narrow(a, offset, len).forward(Context.forTesting(1), g) : null;
      offset += len;
    }
    return grads;
  }
}
