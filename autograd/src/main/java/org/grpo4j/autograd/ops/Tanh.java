package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Elementwise hyperbolic tangent (float32 on the CPU through {@link FloatKernels}, else ND4J). */
public record Tanh() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    INDArray y = Nd.empty(x.dataType(), x.shape());
    if (FloatKernels.usable(x)) {
      float[] a = FloatKernels.read(x, 0);
      FloatKernels.tanh(a, (int) x.length());
      FloatKernels.write(a, y);
    } else {
      Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(x, y)); // no copy of x
    }
    ctx.save(y);
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray y = ctx.saved(0);
    if (FloatKernels.usable(y, g)) { // d tanh = 1 - tanh^2
      float[] gy = FloatKernels.read(g, 0);
      FloatKernels.tanhBackward(FloatKernels.read(y, 1), gy, (int) y.length());
      INDArray dx = Nd.empty(y.dataType(), y.shape());
      FloatKernels.write(gy, dx);
      return new INDArray[] {dx};
    }
    return new INDArray[] {y.mul(y).rsubi(1.0).muli(g)};
  }
}
