package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Layer normalization over the last axis: inputs x (..., C), gamma (C), beta (C); biased variance. Float32 on the CPU
 * runs {@link FloatKernels}' row loops, saving only x and per-row (mean, rstd).
 */
public record LayerNorm(double eps) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    long c = x.size(x.rank() - 1);
    for (int i = 1; i < 3; i++) {
      if (in[i].rank() != 1 || in[i].size(0) != c || in[i].dataType() != x.dataType()) {
        throw new ShapeException("layer_norm: " + (i == 1 ? "gamma" : "beta") + " " + Nd.shape(in[i]) + " "
            + in[i].dataType() + " does not match the last axis (" + c + ",) " + x.dataType() + " of x "
            + Nd.shape(x));
      }
    }
    INDArray x2 = Nd.reshape(Nd.contiguous(x), x.length() / c, c); // (N, C)
    if (FloatKernels.usable(x2, in[1], in[2])) { // float32: one host pass; backward recomputes xhat from stats
      int rows = (int) x2.size(0);
      float[] yv = FloatKernels.scratch(1, (int) x2.length());
      float[] stats = new float[2 * rows];
      FloatKernels.layerNorm(FloatKernels.read(x2, 0), FloatKernels.read(in[1], 3), FloatKernels.read(in[2], 2), yv,
          stats, rows, (int) c, (float) eps);
      INDArray st = Nd.empty(x.dataType(), 2, rows); // (mean; rstd)
      FloatKernels.write(stats, st);
      INDArray y = Nd.empty(x.dataType(), x.shape());
      FloatKernels.write(yv, y);
      ctx.save(null, x2, st, in[1]);
      return y;
    }
    INDArray xc = x2.subColumnVector(x2.mean(true, 1));
    INDArray rstd = Transforms.pow(xc.mul(xc).mean(true, 1).addi(eps), -0.5, false); // (N, 1)
    INDArray xhat = xc.muliColumnVector(rstd);
    ctx.save(xhat, rstd, in[1]);
    return xhat.mulRowVector(in[1]).addiRowVector(in[2]).reshape('c', x.shape());
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    if (ctx.saved(0) == null) {
      return backwardFloat(ctx, g);
    }
    INDArray xhat = ctx.saved(0);
    INDArray rstd = ctx.saved(1);
    INDArray gamma = ctx.saved(2);
    INDArray g2 = Nd.reshape(Nd.contiguous(g), xhat.shape());
    INDArray dgamma = ctx.needsGrad(1) ? g2.mul(xhat).sum(0) : null;
    INDArray dbeta = ctx.needsGrad(2) ? g2.sum(0) : null;
    INDArray dx = null;
    if (ctx.needsGrad(0)) {
      // dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), dxhat = g * gamma
      INDArray dxhat = g2.mulRowVector(gamma);
      INDArray proj = dxhat.mul(xhat).mean(true, 1);
      dx = dxhat.subiColumnVector(dxhat.mean(true, 1)).subi(xhat.mulColumnVector(proj)).muliColumnVector(rstd)
          .reshape('c', g.shape());
    }
    return new INDArray[] {dx, dgamma, dbeta};
  }

  private static INDArray[] backwardFloat(Context ctx, INDArray g) {
    INDArray x2 = ctx.saved(1);
    INDArray st = ctx.saved(2);
    INDArray gamma = ctx.saved(3);
    int rows = (int) x2.size(0);
    int c = (int) x2.size(1);
    float[] gv = FloatKernels.read(Nd.contiguous(g), 0);
    float[] dgamma = new float[c];
    float[] dbeta = new float[c];
    FloatKernels.layerNormBackward(FloatKernels.read(x2, 1), gv, FloatKernels.read(gamma, 3),
        FloatKernels.read(st, 2), dgamma, dbeta, new float[c], rows, c);
    INDArray dx = null;
    if (ctx.needsGrad(0)) {
      dx = Nd.empty(g.dataType(), g.shape());
      FloatKernels.write(gv, dx);
    }
    return new INDArray[] {dx, ctx.needsGrad(1) ? Nd4j.createFromArray(dgamma) : null,
        ctx.needsGrad(2) ? Nd4j.createFromArray(dbeta) : null};
  }
}
