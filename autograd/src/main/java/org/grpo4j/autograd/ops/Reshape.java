package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reshape in C order to {@code shape}; one entry may be -1 (inferred). */
public record Reshape(long[] shape) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    ctx.saveShapes(in[0]);
    return in[0].reshape('c', resolve(in[0].shape()));
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {g.reshape('c', ctx.shape(0))};
  }

  private long[] resolve(long[] from) {
    long n = Nd.length(from);
    long known = 1;
    int infer = -1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1 && infer < 0) {
        infer = i;
      } else if (shape[i] < 0) {
        throw new ShapeException("reshape: invalid target shape " + Nd.shape(shape));
      } else {
        known *= shape[i];
      }
    }
    long[] out = shape.clone();
    if (infer >= 0) {
      if (known == 0 || n % known != 0) {
        throw new ShapeException("reshape: cannot reshape " + Nd.shape(from) + " to " + Nd.shape(shape));
      }
      out[infer] = n / known;
    } else if (known != n) {
      throw new ShapeException("reshape: cannot reshape " + Nd.shape(from) + " (" + n + " elements) to "
          + Nd.shape(shape) + " (" + known + " elements)");
    }
    return out;
  }
}
