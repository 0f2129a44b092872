package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise min(a, b) of equal shapes; at ties the gradient is split evenly (as PyTorch's minimum). */
public record Minimum() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    Nd.requireSameShape("minimum", in[0], in[1]);
    ctx.save(in[0], in[1]);
    return Transforms.min(in[0], in[1], true);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return split(ctx, g, -1.0);
  }

  /** Routes g to the winning input: sign +1 for max, -1 for min; ties get half each. */
  static INDArray[] split(Context ctx, INDArray g, double sign) {
    INDArray diff = ctx.saved(0).sub(ctx.saved(1)).muli(sign);
    // weight of a: 1 where a wins, 0.5 at ties, 0 where b wins
    INDArray wa = diff.gt(0.0).castTo(g.dataType()).addi(diff.eq(0.0).castTo(g.dataType()).muli(0.5));
    INDArray ga = ctx.needsGrad(0) ? wa.mul(g) : null;
    INDArray gb = ctx.needsGrad(1) ? wa.rsub(1.0).muli(g) : null;
    return new INDArray[] {ga, gb};
  }
}
