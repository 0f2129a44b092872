package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise a * b of equal shapes (dense float32 on the CPU through {@link HostElementwise}, else ND4J). */
public record Mul() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    Nd.requireSameShape("mul", in[0], in[1]);
    ctx.save(in[0], in[1]);
    if (FloatKernels.usable(in[0], in[1]) && in[0].ordering() == in[1].ordering()) {
      return HostElementwise.mul(in[0], in[1]);
    }
    return in[0].mul(in[1]);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray a = ctx.saved(0);
    INDArray b = ctx.saved(1);
    if (FloatKernels.usable(g, a, b) && g.ordering() == a.ordering() && g.ordering() == b.ordering()) {
      return HostElementwise.mulGradients(g, ctx.needsGrad(1) ? a : null, ctx.needsGrad(0) ? b : null);
    }
    return new INDArray[] {ctx.needsGrad(0) ? g.mul(b) : null, ctx.needsGrad(1) ? g.mul(a) : null};
  }
}
