package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Fused GPT-2 feed-forward block y = gelu(x W1 + b1) W2 + b2 with the tanh GELU computed as
 * h * sigmoid(2 sqrt(2/pi) h (1 + 0.044715 h^2)) in float64 (the same function; ND4J's sigmoid is much cheaper than
 * its tanh) and by {@link FloatKernels} in float32 on the CPU:
 * x (..., C), W1 (C, H), b1 (H), W2 (H, C2), b2 (C2). Biases written into the GEMMs' outputs first
 * ({@link Gemm#affine}); elementwise work in place; bias gradients by GEMM.
 */
public record FusedMlp() implements Op {
  private static final double C2 = 2 * Math.sqrt(2 / Math.PI); // sigmoid(C2 u) = 0.5 (1 + tanh(C u))
  private static final double A = 0.044715;

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    INDArray w1 = in[1];
    INDArray b1 = in[2];
    INDArray w2 = in[3];
    INDArray b2 = in[4];
    long c = x.size(x.rank() - 1);
    if (w1.rank() != 2 || w1.size(0) != c || b1.rank() != 1 || b1.size(0) != w1.size(1) || w2.rank() != 2
        || w2.size(0) != w1.size(1) || b2.rank() != 1 || b2.size(0) != w2.size(1)) {
      throw new ShapeException("fused_mlp: x " + Nd.shape(x) + ", w1 " + Nd.shape(w1) + ", b1 " + Nd.shape(b1)
          + ", w2 " + Nd.shape(w2) + ", b2 " + Nd.shape(b2) + " do not fit (expected (..., C), (C, H), (H,), (H, C2),"
          + " (C2,))");
    }
    INDArray x2 = Nd.reshape(Nd.contiguous(x), x.length() / c, c); // (N, C)
    INDArray h = Gemm.affine(x2, w1, b1); // (N, H) pre-activation, kept for backward
    INDArray s = null;
    INDArray a;
    if (FloatKernels.usable(h)) { // float32: the tanh GELU in host passes over cache-sized chunks
      int cols = (int) h.size(1);
      int chunk = FloatKernels.pieceRows(h.size(0), cols) * cols;
      INDArray out = Nd.empty(h.dataType(), h.shape());
      long len = h.length();
      Parallel.forEach((int) ((len + chunk - 1) / chunk), len * 8, i -> { // chunks of rows, any thread
        long off = (long) i * chunk;
        int n = (int) Math.min(chunk, len - off);
        float[] hv = FloatKernels.scratch(0, chunk);
        float[] av = FloatKernels.scratch(1, chunk);
        HostFloats.read(h, off, n, hv);
        FloatKernels.gelu(hv, av, n);
        HostFloats.write(av, n, out, off);
      });
      a = out;
    } else {
      s = h.mul(h).muli(C2 * A).addi(C2).muli(h); // C2 u(h)
      Transforms.sigmoid(s, false); // s = sigmoid(C2 u(h))
      a = h.mul(s); // gelu(h)
    }
    INDArray y = Gemm.affine(a, w2, b2); // (N, C2)
    ctx.save(x2, h, s, a, w1, w2);
    long[] shape = x.shape().clone();
    shape[shape.length - 1] = w2.size(1);
    return Nd.reshape(y, shape);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray x2 = ctx.saved(0);
    INDArray h = ctx.saved(1);
    INDArray s = ctx.saved(2);
    INDArray a = ctx.saved(3);
    INDArray w1 = ctx.saved(4);
    INDArray w2 = ctx.saved(5);
    INDArray g2 = Nd.reshape(Nd.contiguous(g), x2.size(0), w2.size(1)); // (N, C2)
    INDArray[] dhw = LinearGradients.of(a, g2, w2, true, ctx.needsGrad(3));
    INDArray dh = dhw[0]; // (N, H) = d gelu(h)
    INDArray dw2 = dhw[1];
    INDArray db2 = ctx.needsGrad(4) ? Gemm.columnSums(g2) : null;
    if (s == null) { // float32 path, chunk by chunk
      int cols = (int) h.size(1);
      int chunk = FloatKernels.pieceRows(h.size(0), cols) * cols;
      long len = h.length();
      Parallel.forEach((int) ((len + chunk - 1) / chunk), len * 8, i -> { // chunks of rows, any thread
        long off = (long) i * chunk;
        int n = (int) Math.min(chunk, len - off);
        float[] gv = FloatKernels.scratch(0, chunk);
        float[] hv = FloatKernels.scratch(1, chunk);
        float[] tmp = FloatKernels.scratch(2, chunk);
        HostFloats.read(dh, off, n, gv);
        HostFloats.read(h, off, n, hv);
        FloatKernels.geluBackward(hv, gv, tmp, n);
        HostFloats.write(gv, n, dh, off);
      });
    } else { // gelu'(h) = s + h s (1 - s) C2 (1 + 3 A h^2)
      INDArray du = h.mul(h).muli(3 * A * C2).addi(C2);
      dh.muli(s.rsub(1.0).muli(s).muli(h).muli(du).addi(s));
    }
    INDArray[] dxw = LinearGradients.of(x2, dh, w1, ctx.needsGrad(0), ctx.needsGrad(1));
    INDArray dw1 = dxw[1];
    INDArray db1 = ctx.needsGrad(2) ? Gemm.columnSums(dh) : null;
    INDArray dx = null;
    if (dxw[0] != null) {
      long[] shape = g.shape().clone();
      shape[shape.length - 1] = w1.size(0);
      dx = Nd.reshape(dxw[0], shape);
    }
    return new INDArray[] {dx, dw1, db1, dw2, db2};
  }
}
