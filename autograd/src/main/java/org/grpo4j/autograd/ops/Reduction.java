package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Nd;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Axis bookkeeping shared by the reductions (sum, mean, max). */
final class Reduction {
  private Reduction() {}

  /** Normalized, validated axes; an empty request means every axis. */
  static int[] axes(String op, int[] requested, int rank) {
    if (requested.length == 0) {
      int[] all = new int[rank];
      for (int i = 0; i < rank; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] out = new int[requested.length];
    for (int i = 0; i < requested.length; i++) {
      out[i] = Nd.axis(op, requested[i], rank);
    }
    return out;
  }

  /** The input shape with the reduced axes set to 1 (the keepDim shape). */
  static long[] keptShape(long[] shape, int[] axes) {
    long[] kept = shape.clone();
    for (int a : axes) {
      kept[a] = 1;
    }
    return kept;
  }

  /** Broadcasts a reduced gradient back over the input shape. */
  static INDArray spread(INDArray g, long[] inputShape, int[] axes) {
    if (g.length() == 1) {
      if (FloatKernels.usable(g)) { // float32 on the CPU: host pieces into a pooled array
        return HostElementwise.filled(inputShape, g.getFloat(0));
      }
      return org.nd4j.linalg.factory.Nd4j.valueArrayOf(inputShape, g.getDouble(0), g.dataType());
    }
    return g.reshape('c', keptShape(inputShape, axes)).broadcast(inputShape);
  }

  /** Applies keepDim to a result computed with keepDim = true. */
  static INDArray finish(INDArray kept, long[] inputShape, int[] axes, boolean keepDim) {
    if (keepDim) {
      return kept;
    }
    long[] out = new long[inputShape.length - axes.length];
    int n = 0;
    outer:
    for (int i = 0; i < inputShape.length; i++) {
      for (int a : axes) {
        if (a == i) {
          continue outer;
        }
      }
      out[n++] = inputShape[i];
    }
    return kept.reshape('c', out);
  }
}
