package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise select: inputs (cond, a, b) of equal shapes; cond != 0 picks a, else b. cond gets no gradient. */
public record Where() implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray cond = in[0];
    Nd.requireSameShape("where", in[1], in[2]);
    if (!Arrays.equals(cond.shape(), in[1].shape())) {
      throw new ShapeException("where: condition shape " + Nd.shape(cond) + " does not match value shape "
          + Nd.shape(in[1]));
    }
    INDArray mask = cond.neq(0.0);
    ctx.save(mask);
    // zero the unselected entries of each side, then add (no 0 * inf = NaN)
    INDArray a = in[1].dup().putWhereWithMask(cond.eq(0.0), 0.0);
    return in[2].dup().putWhereWithMask(mask, 0.0).addi(a);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray m = ctx.saved(0).castTo(g.dataType());
    return new INDArray[] {
      null, ctx.needsGrad(1) ? g.mul(m) : null, ctx.needsGrad(2) ? m.rsub(1.0).muli(g) : null
    };
  }
}
