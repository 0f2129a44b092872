package org.grpo4j.autograd.ops;

import java.util.Arrays;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Inputs (x, mask) of equal shapes: where mask != 0 the output is {@code value}, elsewhere x. */
public record MaskedFill(double value) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    if (!Arrays.equals(in[0].shape(), in[1].shape())) {
      throw new ShapeException("masked_fill: mask shape " + Nd.shape(in[1]) + " does not match input shape "
          + Nd.shape(in[0]));
    }
    INDArray mask = in[1].neq(0.0);
    ctx.save(mask);
    return in[0].dup().putWhereWithMask(mask, value);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray keep = ctx.saved(0).castTo(g.dataType()).rsubi(1.0);
    return new INDArray[] {keep.muli(g), null};
  }
}
