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

  /** The bias vector (n,) itself: what oneDNN's kernels read, by address. */
  final INDArray vector;
  private final int n;
  private final int rowsPerBlock;
  private float[] floats; // the bias over rowsPerBlock rows, for fill: made by prepare(), never by oneDNN's paths
  private double[] doubles;

  /** The bias of a dense FLOAT or DOUBLE (n,) vector; {@link #prepare} makes the rows {@link #fill} copies. */
  BiasRows(INDArray bias, int n) {
    this.vector = bias;
    this.n = n;
    this.rowsPerBlock = Math.max(1, BLOCK / Math.max(1, n));
  }

  /**
   * Repeats the bias over as many whole rows as fit {@link #BLOCK}, once, on the calling thread before tiles
   * {@link #fill} in parallel (the pool's hand-off publishes it); the products on oneDNN read {@link #vector} and
   * never need it.
   */
  void prepare() {
    if (floats != null || doubles != null) {
      return;
    }
    if (vector.dataType() == DataType.FLOAT) {
      float[] row = HostFloats.read(vector, new float[n]);
      float[] block = new float[rowsPerBlock * n];
      for (int r = 0; r < rowsPerBlock; r++) {
        System.arraycopy(row, 0, block, r * n, n);
      }
      floats = block;
    } else {
      double[] row = Nd.toDoubles(vector);
      double[] block = new double[rowsPerBlock * n];
      for (int r = 0; r < rowsPerBlock; r++) {
        System.arraycopy(row, 0, block, r * n, n);
      }
      doubles = block;
    }
  }

  /**
   * Writes bias[col, col + w) into rows [0, h) of the tile of c (row stride n) that starts at element offC; after
   * {@link #prepare}.
   */
  void fill(INDArray c, long offC, int h, int w, int col) {
    if (floats == null && doubles == null) {
      throw new IllegalStateException("bias rows: prepare() before fill()");
    }
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
