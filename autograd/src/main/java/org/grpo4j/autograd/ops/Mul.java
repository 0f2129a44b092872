package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise a * b of equal shapes. */
public record Mul() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    Nd.requireSameShape("mul", in[0], in[1]);
    ctx.save(in[0], in[1]);
    return in[0].mul(in[1]);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray a = ctx.saved(0);
    INDArray b = ctx.saved(1);
    return new INDArray[] {ctx.needsGrad(0) ? g.mul(b) : null, ctx.needsGrad(1) ? g.mul(a) : null};
  }
}
