package org.grpo4j.autograd.ops;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A bias row (n,) repeated, written into tiles of a dense (rows, n) matrix before a GEMM adds its product to them
 * (beta = 1): y = x W + b in one pass over y, where a product into zeros (OpenBLAS zeroes c first when beta = 0)
 * followed by a separate bias pass would touch y three times.
 */
final class BiasRows {
  /** Floats per bulk write of whole rows. */
  private static final int BLOCK = 4096;

  private final int n;
  private final int rowsPerBlock;
  private final float[] floats;
  private final double[] doubles;

  /** The bias of a dense FLOAT or DOUBLE (n,) vector, repeated over as many whole rows as fit {@link #BLOCK}. */
  BiasRows(INDArray bias, int n) {
    this.n = n;
    this.rowsPerBlock = Math.max(1, BLOCK / Math.max(1, n));
    if (bias.dataType() == DataType.FLOAT) {
      float[] row = HostFloats.read(bias, new float[n]);
      floats = new float[rowsPerBlock * n];
      for (int r = 0; r < rowsPerBlock; r++) {
        System.arraycopy(row, 0, floats, r * n, n);
      }
      doubles = null;
    } else {
      double[] row = Nd.toDoubles(bias);
      doubles = new double[rowsPerBlock * n];
      for (int r = 0; r < rowsPerBlock; r++) {
        System.arraycopy(row, 0, doubles, r * n, n);
      }
      floats = null;
    }
  }

  /** Writes bias[col, col + w) into rows [0, h) of the tile of c (row stride n) that starts at element offC. */
  void fill(INDArray c, long offC, int h, int w, int col) {
    if (floats != null) {
      FloatPointer p = new FloatPointer(c.data().addressPointer());
      long base = p.position() + offC;
      if (w == n) { // whole rows: blocks of rows in one copy each
        for (int r = 0; r < h; r += rowsPerBlock) {
          p.position(base + (long) r * n).put(floats, 0, Math.min(rowsPerBlock, h - r) * n);
        }
      } else {
        for (int r = 0; r < h; r++) {
          p.position(base + (long) r * n).put(floats, col, w);
        }
      }
    } else {
      DoublePointer p = new DoublePointer(c.data().addressPointer());
      long base = p.position() + offC;
      if (w == n) {
        for (int r = 0; r < h; r += rowsPerBlock) {
          p.position(base + (long) r * n).put(doubles, 0, Math.min(rowsPerBlock, h - r) * n);
        }
      } else {
        for (int r = 0; r < h; r++) {
          p.position(base + (long) r * n).put(doubles, col, w);
        }
      }
    }
  }
}
