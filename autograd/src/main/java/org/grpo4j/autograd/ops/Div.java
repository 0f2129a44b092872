package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise a / b of equal shapes. */
public record Div() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    Nd.requireSameShape("div", in[0], in[1]);
    INDArray y = in[0].div(in[1]);
    ctx.save(y, in[1]);
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray y = ctx.saved(0);
    INDArray b = ctx.saved(1);
    INDArray ga = g.div(b);
    // d(a/b)/db = -a/b^2 = -y/b
    return new INDArray[] {ctx.needsGrad(0) ? ga : null, ctx.needsGrad(1) ? ga.mul(y).negi() : null};
  }
}
