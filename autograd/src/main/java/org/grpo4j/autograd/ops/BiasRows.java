package org.grpo4j.autograd.ops;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
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

  /** The bias vector (n,) itself. */
  final INDArray vector;
  private final int n;
  private final int rowsPerBlock;
  private final float[] floats;
  private final double[] doubles;

  /** The bias of a dense FLOAT or DOUBLE (n,) vector, repeated over as many whole rows as fit {@link #BLOCK}. */
  BiasRows(INDArray bias, int n) {
    this.vector = bias;
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
    Pointer p = CpuBlas.pointer(c);
    long base = p.position() + offC;
    if (w == n) { // whole rows: blocks of rows in one copy each
      for (int r = 0; r < h; r += rowsPerBlock) {
        put(p.position(base + (long) r * n), 0, Math.min(rowsPerBlock, h - r) * n);
      }
    } else {
      for (int r = 0; r < h; r++) {
        put(p.position(base + (long) r * n), col, w);
      }
    }
  }

  /** Copies the repeated bias's elements [from, from + len) to p's position. */
  private void put(Pointer p, int from, int len) {
    if (floats != null) {
      ((FloatPointer) p).put(floats, from, len);
    } else {
      ((DoublePointer) p).put(doubles, from, len);
    }
  }
}
