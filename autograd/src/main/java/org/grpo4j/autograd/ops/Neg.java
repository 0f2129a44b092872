package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise -x. */
public record Neg() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    return in[0].neg();
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {g.neg()};
  }
}
