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
    double n = Math.max(1, in[0].length());
    if (FloatKernels.usable(in[0], in[1])) { // float32: one host pass, backward recomputes p - t
      ctx.save(null, in[0], in[1]);
      double sum = FloatKernels.squaredDistance(FloatKernels.read(in[0], 0), FloatKernels.read(in[1], 1),
          (int) in[0].length());
      INDArray loss = Nd.empty(in[0].dataType()); // a scalar, pooled in a recycling scope
      loss.putScalar(0, sum / n);
      return loss;
    }
    INDArray d = in[0].sub(in[1]);
    ctx.save(d);
    return Nd4j.scalar(d.dataType(), Nd4j.getBlasWrapper().dot(d, d) / n);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    // d mean((p - t)^2) / dp = 2 (p - t) / n
    INDArray d = ctx.saved(0); // p - t; null on the float32 path, which saved p and t
    INDArray p = d == null ? ctx.saved(1) : d;
    double scale = 2.0 * g.getDouble(0) / Math.max(1, p.length());
    INDArray gp;
    if (d == null) {
      float[] dv = FloatKernels.read(p, 0);
      FloatKernels.scaledDifference(dv, FloatKernels.read(ctx.saved(2), 1), (float) scale, (int) p.length());
      gp = Nd.empty(p.dataType(), p.shape());
      FloatKernels.write(dv, gp);
    } else {
      gp = d.mul(scale);
    }
    return new INDArray[] {gp, ctx.needsGrad(1) ? gp.neg() : null};
  }
}
