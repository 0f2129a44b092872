package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Fused mean squared error: inputs (prediction, target) of equal shapes give the scalar mean((p - t)^2). */
public record MseLoss() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    Nd.requireSameShape("mse_loss", in[0], in[1]);
    INDArray d = in[0].sub(in[1]);
    ctx.save(d);
    double n = Math.max(1, d.length());
    return Nd4j.scalar(d.dataType(), Nd4j.getBlasWrapper().dot(d, d) / n);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray d = ctx.saved(0);
    // d mean((p - t)^2) / dp = 2 (p - t) / n
    INDArray gp = d.mul(2.0 * g.getDouble(0) / Math.max(1, d.length()));
    return new INDArray[] {gp, ctx.needsGrad(1) ? gp.neg() : null};
  }
}
