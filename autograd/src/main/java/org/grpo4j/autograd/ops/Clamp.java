package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise clamp to [lo, hi]; the gradient flows where lo <= x <= hi (as PyTorch's clamp). */
public record Clamp(double lo, double hi) implements Op {
  /** Validates the bounds. */
  public Clamp {
    if (!(lo <= hi)) {
      throw new ShapeException("clamp: lower bound " + lo + " must not exceed upper bound " + hi);
    }
  }

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    ctx.save(in[0]);
    return Transforms.min(Transforms.max(in[0], lo, true), hi, false);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray x = ctx.saved(0);
    INDArray inside = x.gte(lo).castTo(g.dataType()).muli(x.lte(hi).castTo(g.dataType()));
    return new INDArray[] {inside.muli(g)};
  }
}
