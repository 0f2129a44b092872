package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise a + b of equal shapes. */
public record Add() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    Nd.requireSameShape("add", in[0], in[1]);
    return in[0].add(in[1]);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {g, g};
  }
}
