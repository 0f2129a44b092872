package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fused affine map y = x W + b: x (..., in), W (in, out) (GPT-2 Conv1D layout), optional b (out) -> (..., out).
 * One GEMM forward (the bias written into the output first, {@link Gemm#affine}); two GEMMs and a column sum backward.
 */
public record Linear() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    INDArray w = in[1];
    if (w.rank() != 2 || x.size(x.rank() - 1) != w.size(0)) {
      throw new ShapeException("linear: input " + Nd.shape(x) + " cannot be multiplied by weight " + Nd.shape(w)
          + " (expected weight (" + x.size(x.rank() - 1) + ", out))");
    }
    if (in.length > 2 && (in[2].rank() != 1 || in[2].size(0) != w.size(1))) {
      throw new ShapeException("linear: bias " + Nd.shape(in[2]) + " does not match weight " + Nd.shape(w)
          + " (expected (" + w.size(1) + ",))");
    }
    INDArray x2 = Nd.reshape(Nd.contiguous(x), x.length() / w.size(0), w.size(0)); // (N, in)
    ctx.save(x2, w);
    INDArray y = in.length > 2 ? Gemm.affine(x2, w, in[2]) : Gemm.mm(x2, false, w, false); // (N, out)
    long[] shape = x.shape().clone();
    shape[shape.length - 1] = w.size(1);
    return Nd.reshape(y, shape);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray x = ctx.saved(0); // (N, in)
    INDArray w = ctx.saved(1);
    INDArray g2 = Nd.reshape(Nd.contiguous(g), x.size(0), w.size(1)); // (N, out)
    INDArray[] dxw = LinearGradients.of(x, g2, w, ctx.needsGrad(0), ctx.needsGrad(1));
    INDArray dx = dxw[0] == null ? null : Nd.reshape(dxw[0], shapeWithLast(g, w.size(0)));
    INDArray dw = dxw[1];
    INDArray db = ctx.inputs() > 2 && ctx.needsGrad(2) ? Gemm.columnSums(g2) : null;
    return ctx.inputs() > 2 ? new INDArray[] {dx, dw, db} : new INDArray[] {dx, dw};
  }

  private static long[] shapeWithLast(INDArray g, long last) {
    long[] s = g.shape().clone();
    s[s.length - 1] = last;
    return s;
  }
}
