package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise a + b of equal shapes (dense float32 on the CPU through {@link HostElementwise}, else ND4J). */
public record Add() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    Nd.requireSameShape("add", in[0], in[1]);
    if (FloatKernels.usable(in[0], in[1]) && in[0].ordering() == in[1].ordering()) {
      return HostElementwise.add(in[0], in[1]);
    }
    return in[0].add(in[1]);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {g, g};
  }
}
