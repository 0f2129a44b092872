package org.grpo4j.autograd.ops;

import java.util.Arrays;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Stacks equally shaped inputs along a new axis {@code axis}. */
public record Stack(int axis) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    for (int i = 1; i < in.length; i++) {
      if (!Arrays.equals(in[i].shape(), in[0].shape()) || in[i].dataType() != in[0].dataType()) {
        throw new ShapeException("stack: input " + i + " " + Nd.shape(in[i]) + " " + in[i].dataType()
            + " does not match input 0 " + Nd.shape(in[0]) + " " + in[0].dataType());
      }
    }
    int a = Nd.axis("stack", axis, in[0].rank() + 1);
    INDArray[] expanded = new INDArray[in.length];
    for (int i = 0; i < in.length; i++) {
      expanded[i] = in[i].reshape('c', withUnit(in[i].shape(), a));
    }
    return Nd4j.concat(a, expanded);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    int a = Nd.axis("stack", axis, g.rank());
    INDArray[] grads = new INDArray[ctx.inputs()];
    long[] shape = new long[g.rank() - 1];
    for (int d = 0, k = 0; d < g.rank(); d++) {
      if (d != a) {
        shape[k++] = g.size(d);
      }
    }
    for (int i = 0; i < grads.length; i++) {
      if (ctx.needsGrad(i)) {
        grads[i] = new Narrow(a, i, 1).forward(Context.forTesting(1), g).reshape('c', shape);
      }
    }
    return grads;
  }

  private static long[] withUnit(long[] shape, int a) {
    long[] out = new long[shape.length + 1];
    for (int d = 0, k = 0; d < out.length; d++) {
      out[d] = d == a ? 1 : shape[k++];
    }
    return out;
  }
}
