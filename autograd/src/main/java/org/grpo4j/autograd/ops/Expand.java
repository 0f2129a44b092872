package org.grpo4j.autograd.ops;

import java.util.Arrays;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Broadcasts x to {@code shape} (NumPy rules: new leading axes, size-1 axes repeated); backward sums back. */
public record Expand(long[] shape) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    long[] xs = x.shape();
    long[] target = Nd.broadcastShape("expand", xs, shape);
    if (!Arrays.equals(target, shape)) {
      throw new ShapeException("expand: shape " + Nd.shape(xs) + " cannot be expanded to " + Nd.shape(shape));
    }
    ctx.saveShapes(x);
    return Nd.broadcastTo(x, shape);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {Nd.sumTo(g, ctx.shape(0))};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Expand e && Arrays.equals(shape, e.shape);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "Expand" + Nd.shape(shape);
  }
}
