package org.grpo4j.autograd.ops;

import java.util.Arrays;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reorders axes: output axis i is input axis {@code dims[i]} (a view; transpose is a two-axis permute). */
public record Permute(int[] dims) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    int rank = in[0].rank();
    boolean[] seen = new boolean[rank];
    if (dims.length != rank) {
      throw new ShapeException("permute: " + Arrays.toString(dims) + " does not list the " + rank + " axes of "
          + Arrays.toString(in[0].shape()));
    }
    for (int d : dims) {
      if (d < 0 || d >= rank || seen[d]) {
        throw new ShapeException("permute: " + Arrays.toString(dims) + " is not a permutation of 0.." + (rank - 1));
      }
      seen[d] = true;
    }
    return in[0].permute(dims);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    int[] inverse = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      inverse[dims[i]] = i;
    }
    return new INDArray[] {g.permute(inverse)};
  }
}
