package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/** softmax over {@code axis}, max-shifted for stability. */
public record Softmax(int axis) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray y = Softmaxes.softmax(in[0], Nd.axis("softmax", axis, in[0].rank()));
    ctx.save(y);
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray y = ctx.saved(0);
    return new INDArray[] {Softmaxes.softmaxBackward(y, g, Nd.axis("softmax", axis, y.rank()))};
  }
}
