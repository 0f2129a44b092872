package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** log-softmax over {@code axis}, computed as (x - max) - log(sum(exp(x - max))). */
public record LogSoftmax(int axis) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    int a = Nd.axis("log_softmax", axis, in[0].rank());
    INDArray y = Softmaxes.logSoftmax(in[0], a);
    ctx.save(y);
    return y;
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray y = ctx.saved(0);
    int a = Nd.axis("log_softmax", axis, y.rank());
    // d log_softmax: g - softmax * sum(g)
    INDArray p = Transforms.exp(y, true);
    return new INDArray[] {g.sub(p.muli(g.sum(true, a)))};
  }
}
