package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise max(a, b) of equal shapes; at ties the gradient is split evenly (as PyTorch's maximum). */
public record Maximum() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    Nd.requireSameShape("maximum", in[0], in[1]);
    ctx.save(in[0], in[1]);
    return Transforms.max(in[0], in[1], true);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return Minimum.split(ctx, g, 1.0);
  }
}
