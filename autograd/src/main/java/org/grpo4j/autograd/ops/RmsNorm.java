package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMS normalization over the last axis: x (..., C), weight (C) give y = x * r * weight with r = 1 / sqrt(mean(x^2) +
 * eps) per row (Llama, Qwen). Float32 on the CPU runs one host pass per row and saves x with r (N); else ND4J ops.
 */
public record RmsNorm(double eps) implements Op {
  /** Checks eps. */
  public RmsNorm {
    if (!(eps > 0)) {
      throw new IllegalArgumentException("rms_norm: eps " + eps + " must be > 0");
    }
  }

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    INDArray w = in[1];
    long c = x.size(x.rank() - 1);
    if (w.rank() != 1 || w.size(0) != c || w.dataType() != x.dataType()) {
      throw new ShapeException("rms_norm: weight " + Nd.shape(w) + " " + w.dataType() + " does not match the last"
          + " axis (" + c + ",) " + x.dataType() + " of x " + Nd.shape(x));
    }
    INDArray x2 = Nd.reshape(Nd.contiguous(x), x.length() / c, c); // (N, C)
    int rows = (int) x2.size(0);
    int cols = (int) c;
    if (FloatKernels.usable(x2, w)) {
      float[] xv = HostFloats.read(x2, new float[rows * cols]);
      float[] wv = HostFloats.read(w, new float[cols]);
      float[] r = new float[rows];
      for (int i = 0; i < rows; i++) {
        int o = i * cols;
        float ss = 0f;
        for (int j = 0; j < cols; j++) {
          ss += xv[o + j] * xv[o + j];
        }
        r[i] = (float) (1.0 / Math.sqrt(ss / cols + eps));
      }
      float[] yv = new float[rows * cols];
      for (int i = 0; i < rows; i++) {
        int o = i * cols;
        float ri = r[i];
        for (int j = 0; j < cols; j++) {
          yv[o + j] = xv[o + j] * ri * wv[j];
        }
      }
      INDArray y = Nd.empty(x.dataType(), x.shape());
      HostFloats.write(yv, y);
      INDArray rs = Nd.empty(x.dataType(), rows, 1);
      HostFloats.write(r, rs);
      ctx.save(x2, rs, w);
      return y;
    }
    INDArray r = Transforms.pow(x2.mul(x2).mean(true, 1).addi(eps), -0.5, false); // (N, 1)
    ctx.save(x2, r, w);
    return x2.mulColumnVector(r).muliRowVector(w).reshape('c', x.shape());
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray x2 = ctx.saved(0); // (N, C)
    INDArray r = ctx.saved(1); // (N, 1)
    INDArray w = ctx.saved(2); // (C)
    long c = x2.size(1);
    INDArray g2 = Nd.reshape(Nd.contiguous(g), x2.size(0), c); // (N, C)
    INDArray xhat = x2.mulColumnVector(r); // (N, C)
    INDArray dw = ctx.needsGrad(1) ? g2.mul(xhat).sum(0) : null; // (C)
    INDArray dx = null;
    if (ctx.needsGrad(0)) { // dx = r * (u - xhat * mean(u * xhat)), u = g * w
      INDArray u = g2.mulRowVector(w);
      INDArray m = u.mul(xhat).mean(true, 1); // (N, 1)
      dx = u.subi(xhat.muliColumnVector(m)).muliColumnVector(r).reshape('c', g.shape());
    }
    return new INDArray[] {dx, dw};
  }
}
