package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise a + b of equal shapes (dense float32 on the CPU through {@link FloatKernels}, else ND4J). */
public record Add() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    Nd.requireSameShape("add", in[0], in[1]);
    if (FloatKernels.usable(in[0], in[1]) && in[0].ordering() == in[1].ordering()) {
      int n = (int) in[0].length();
      float[] a = FloatKernels.read(in[0], 0);
      FloatKernels.addInPlace(a, FloatKernels.read(in[1], 1), n);
      INDArray y = Nd.empty(in[0].dataType(), in[0].shape());
      FloatKernels.write(a, y);
      return y;
    }
    return in[0].add(in[1]);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {g, g};
  }
}
