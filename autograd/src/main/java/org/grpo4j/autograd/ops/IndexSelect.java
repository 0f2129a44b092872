package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row lookup (embedding): weight (V, D...) and indices of shape {@code indexShape} give (indexShape..., D...).
 * Backward scatter-adds the rows of the upstream gradient (repeated indices accumulate).
 */
public record IndexSelect(int[] indices, long[] indexShape) implements Op {
  /** Checks that the index shape holds exactly the given indices. */
  public IndexSelect {
    if (Nd.length(indexShape) != indices.length) {
      throw new ShapeException("index_select: index shape " + Nd.shape(indexShape) + " does not hold "
          + indices.length + " indices");
    }
  }

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray w = Nd.contiguous(in[0]);
    long rows = w.size(0);
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= rows) {
        throw new ShapeException("index_select: index " + indices[i] + " at position " + i
            + " is out of range for " + rows + " rows (weight " + Nd.shape(w) + ")");
      }
    }
    ctx.saveShapes(w);
    long[] rowShape = java.util.Arrays.copyOfRange(w.shape(), 1, w.rank());
    long width = Nd.length(rowShape);
    INDArray flat = w.reshape('c', rows, width);
    INDArray out = indices.length == 0 ? Nd.zeros(w.dataType(), 0, width) : Nd4j.pullRows(flat, 1, indices);
    long[] outShape = new long[indexShape.length + rowShape.length];
    System.arraycopy(indexShape, 0, outShape, 0, indexShape.length);
    System.arraycopy(rowShape, 0, outShape, indexShape.length, rowShape.length);
    return out.reshape('c', outShape);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    long[] wShape = ctx.shape(0);
    int rows = (int) wShape[0];
    int width = (int) (Nd.length(wShape) / Math.max(1, rows));
        if (g.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
      double[] src = Nd.toDoubles(g);
      double[] acc = new double[rows * width];
      for (int i = 0; i < indices.length; i++) {
        int base = indices[i] * width;
        for (int j = 0, s = i * width; j < width; j++, s++) {
          acc[base + j] += src[s];
        }
      }
      return new INDArray[] {Nd4j.create(acc, wShape, 'c')};
    }
    float[] src = Nd.toFloats(g);
    float[] acc = new float[rows * width];
    for (int i = 0; i < indices.length; i++) {
      int base = indices[i] * width;
      for (int j = 0, s = i * width; j < width; j++, s++) {
        acc[base + j] += src[s];
      }
    }
    return new INDArray[] {Nd4j.create(acc, wShape, 'c')};
  }
}
