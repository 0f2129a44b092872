package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
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
    INDArray out = indices.length == 0 ? Nd.zeros(w.dataType(), 0, width) : gather(w, indices, width);
    long[] outShape = new long[indexShape.length + rowShape.length];
    System.arraycopy(indexShape, 0, outShape, 0, indexShape.length);
    System.arraycopy(rowShape, 0, outShape, indexShape.length, rowShape.length);
    return out.reshape('c', outShape);
  }

  /**
   * Rows {@code indices} of the dense array {@code w} seen as (rows, width), copied through the host buffers. ND4J's
   * own {@code Nd4j.pullRows} serves only dtypes other than float and double: it crashed the JVM (SIGSEGV in pullRowsGeneric) in a long double-precision
   * run, as it has for others (deeplearning4j issues 7049, nd4j 1387).
   */
  static INDArray gather(INDArray w, int[] indices, long width) {
    DataType t = w.dataType();
    if ((t != DataType.FLOAT && t != DataType.DOUBLE) || Nd.length(w.shape()) > Integer.MAX_VALUE) {
      INDArray flat = Nd.contiguous(w).reshape('c', w.size(0), width);
      return Nd4j.pullRows(flat, 1, indices); // other dtypes and beyond int indexing: ND4J's kernel
    }
    if (w.offset() != 0 || w.data().offset() != 0) {
      w = w.dup('c'); // a view starting inside its buffer: the host buffer is read from element 0
    }
    int n = indices.length;
    int wd = (int) width;
    INDArray out = Nd.empty(t, n, width);
    if (t == DataType.FLOAT) {
      FloatBuffer src = w.data().asNioFloat();
      FloatBuffer dst = out.data().asNioFloat();
      for (int i = 0; i < n; i++) {
        dst.put(i * wd, src, indices[i] * wd, wd);
      }
    } else {
      DoubleBuffer src = w.data().asNioDouble();
      DoubleBuffer dst = out.data().asNioDouble();
      for (int i = 0; i < n; i++) {
        dst.put(i * wd, src, indices[i] * wd, wd);
      }
    }
    return out;
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
