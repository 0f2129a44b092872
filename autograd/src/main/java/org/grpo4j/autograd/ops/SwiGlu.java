package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The SwiGLU gate silu(gate) * up = gate * sigmoid(gate) * up of two equal-shaped inputs (the Llama MLP's middle).
 * Float32 on the CPU computes the sigmoid with {@link FloatKernels#exp} on the host; else ND4J ops.
 */
public record SwiGlu() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    Nd.requireSameShape("swiglu", in[0], in[1]);
    INDArray a = Nd.contiguous(in[0]);
    INDArray u = Nd.contiguous(in[1]);
    INDArray s = sigmoid(a); // (...)
    ctx.save(a, u, s);
    return a.mul(s).muli(u);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray a = ctx.saved(0);
    INDArray u = ctx.saved(1);
    INDArray s = ctx.saved(2);
    INDArray du = ctx.needsGrad(1) ? a.mul(s).muli(g) : null; // silu(a) g
    INDArray da = null;
    if (ctx.needsGrad(0)) { // d silu = s (1 + a (1 - s))
      da = s.rsub(1.0).muli(a).addi(1.0).muli(s).muli(u).muli(g);
    }
    return new INDArray[] {da, du};
  }

  /** sigmoid(a) as a fresh array (the input clamped to +-88 on the host path, where it is exactly 0 or 1). */
  private static INDArray sigmoid(INDArray a) {
    if (!FloatKernels.usable(a)) {
      return Transforms.sigmoid(a, true);
    }
    int n = (int) a.length();
    float[] e = HostFloats.read(a, new float[n]);
    for (int i = 0; i < n; i++) {
      e[i] = Math.max(-88f, Math.min(88f, -e[i]));
    }
    FloatKernels.exp(e, 0, n);
    for (int i = 0; i < n; i++) {
      e[i] = 1f / (1f + e[i]);
    }
    INDArray s = Nd.empty(a.dataType(), a.shape());
    HostFloats.write(e, s);
    return s;
  }
}
