package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Elementwise scale * x + shift with constant scalars (scalar add, multiply and subtract). ND4J's scalar ops
 * (1.0.0-M2.1) do not propagate a NaN scalar (x * NaN gives 1e-5 * x, x + NaN gives x), so non-finite scalars go
 * through a full array of the value, where IEEE arithmetic holds.
 */
public record Affine(double scale, double shift) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray y = scale == 1.0 ? in[0].dup() : times(in[0], scale);
    if (shift == 0.0) {
      return y;
    }
    return Double.isFinite(shift) ? y.addi(shift) : y.addi(Nd4j.valueArrayOf(y.shape(), shift, y.dataType()));
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {scale == 1.0 ? g : times(g, scale)};
  }

  private static INDArray times(INDArray x, double c) {
    return Double.isFinite(c) ? x.mul(c) : x.mul(Nd4j.valueArrayOf(x.shape(), c, x.dataType()));
  }
}
