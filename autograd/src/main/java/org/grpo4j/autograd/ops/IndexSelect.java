package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.ShapeException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
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
    long[] rowShape = Arrays.copyOfRange(w.shape(), 1, w.rank());
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
    if (g.dataType() == DataType.DOUBLE) {
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
    if (FloatKernels.usable(g) && indices.length > 0 && width > 0) {
      return new INDArray[] {scatterAddFloat(g, wShape, rows, width)};
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

  private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[0][]);

  /**
   * Float32 scatter-add on the CPU into a pooled array: pieces of weight rows (fixed by the shape), each scanning the
   * indices in order and adding the rows that land in its range, so every row sums its contributions in index order
   * at any thread count. Rows accumulate in separate row arrays: C2 vectorizes {@code d[j] += s[j]} but not
   * {@code acc[a + j] += src[b + j]}.
   */
  private INDArray scatterAddFloat(INDArray g, long[] wShape, int rows, int width) {
    float[] src = HostFloats.read(g, FloatKernels.scratch(0, indices.length * width));
    INDArray out = Nd.empty(DataType.FLOAT, wShape);
    int pieceRows = FloatKernels.pieceRows(rows, width);
    int pieces = (rows + pieceRows - 1) / pieceRows;
    Parallel.forEach(pieces, (long) (indices.length + rows) * width, p -> {
      int r0 = p * pieceRows;
      int nr = Math.min(pieceRows, rows - r0);
      float[][] acc = accRows(pieceRows, width);
      for (int k = 0; k < nr; k++) {
        Arrays.fill(acc[k], 0, width, 0f);
      }
      float[] row = FloatKernels.scratch(1, width);
      for (int i = 0; i < indices.length; i++) {
        int k = indices[i] - r0;
        if (k >= 0 && k < nr) {
          System.arraycopy(src, i * width, row, 0, width);
          FloatKernels.addInPlace(acc[k], row, width);
        }
      }
      float[] chunk = FloatKernels.scratch(2, nr * width);
      for (int k = 0; k < nr; k++) {
        System.arraycopy(acc[k], 0, chunk, k * width, width);
      }
      HostFloats.write(chunk, nr * width, out, (long) r0 * width);
    });
    return out;
  }

  /** This thread's n row arrays of at least width floats each. */
  private static float[][] accRows(int n, int width) {
    float[][] a = ROWS.get();
    if (a.length < n || a[0].length < width) {
      a = new float[Math.max(n, a.length)][Math.max(width, a.length == 0 ? 0 : a[0].length)];
      ROWS.set(a);
    }
    return a;
  }
}
