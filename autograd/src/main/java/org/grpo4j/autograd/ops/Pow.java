package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise x^p for a constant exponent p. */
public record Pow(double exponent) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    ctx.save(in[0]);
    return Transforms.pow(in[0], exponent, true);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray x = ctx.saved(0);
    // d x^p = p x^(p-1)
    return new INDArray[] {Transforms.pow(x, exponent - 1, true).muli(g).muli(exponent)};
  }
}
