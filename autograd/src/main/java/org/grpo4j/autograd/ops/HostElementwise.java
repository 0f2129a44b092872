package org.grpo4j.autograd.ops;

import java.util.Arrays;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 elementwise maps, fills and full sums over dense CPU arrays ({@link FloatKernels#usable}) in fixed pieces
 * of {@link #PIECE} elements on {@link Parallel}'s pool, outputs from {@link Nd#empty} (the recycling pool inside a
 * scope). Pieces depend on the length only and a sum's partials are added in piece order, so results are
 * bit-identical at any thread count.
 */
final class HostElementwise {
  /** Elements per piece: 64 KB per array, so a piece's few scratch arrays stay in the core's L2 cache. */
  static final int PIECE = 16384;

  private HostElementwise() {}

  /** a + b (same shape, both usable) into a new array. */
  static INDArray add(INDArray a, INDArray b) {
    return zip(a, b, FloatKernels::addInPlace);
  }

  /** a * b (same shape, both usable) into a new array. */
  static INDArray mul(INDArray a, INDArray b) {
    return zip(a, b, FloatKernels::mulInPlace);
  }

  /** An in-place elementwise map of two float runs: u[0..n) = u op v. */
  private interface InPlace {
    void apply(float[] u, float[] v, int n);
  }

  /** u op v piece by piece (same shape, both usable) into a new array. */
  private static INDArray zip(INDArray a, INDArray b, InPlace op) {
    INDArray y = Nd.empty(a.dataType(), a.shape());
    forPieces(a.length(), (off, n) -> {
      float[] u = HostFloats.read(a, off, n, FloatKernels.scratch(0, PIECE));
      op.apply(u, HostFloats.read(b, off, n, FloatKernels.scratch(1, PIECE)), n);
      HostFloats.write(u, n, y, off);
    });
    return y;
  }

  /**
   * The two gradients of a product in one pass over g: {g * b, g * a}, either null when {@code a} or {@code b}
   * (the other factor) is null; all arrays given have g's shape and are usable.
   */
  static INDArray[] mulGradients(INDArray g, INDArray a, INDArray b) {
    INDArray ga = b == null ? null : Nd.empty(g.dataType(), g.shape());
    INDArray gb = a == null ? null : Nd.empty(g.dataType(), g.shape());
    forPieces(g.length(), (off, n) -> {
      float[] gv = HostFloats.read(g, off, n, FloatKernels.scratch(0, PIECE));
      float[] t = FloatKernels.scratch(1, PIECE);
      if (ga != null) {
        FloatKernels.mulInPlace(HostFloats.read(b, off, n, t), gv, n);
        HostFloats.write(t, n, ga, off);
      }
      if (gb != null) {
        FloatKernels.mulInPlace(HostFloats.read(a, off, n, t), gv, n);
        HostFloats.write(t, n, gb, off);
      }
    });
    return new INDArray[] {ga, gb};
  }

  /** A new float32 array of the given shape with every element v. */
  static INDArray filled(long[] shape, float v) {
    INDArray y = Nd.empty(DataType.FLOAT, shape);
    forPieces(y.length(), (off, n) -> {
      float[] u = FloatKernels.scratch(0, PIECE);
      Arrays.fill(u, 0, n, v);
      HostFloats.write(u, n, y, off);
    });
    return y;
  }

  /**
   * The sum of every element of a (usable): each piece summed in float (eight chains), the pieces' sums added in
   * order in double.
   */
  static double sum(INDArray a) {
    long len = a.length();
    int pieces = (int) ((len + PIECE - 1) / PIECE);
    float[] part = new float[pieces];
    forPieces(len, (off, n) -> part[(int) (off / PIECE)] =
        FloatKernels.sum(HostFloats.read(a, off, n, FloatKernels.scratch(0, PIECE)), 0, n));
    double s = 0;
    for (float p : part) {
      s += p;
    }
    return s;
  }

  /** A piece's body: elements [off, off + n). */
  interface Piece {
    /** Processes elements [off, off + n). */
    void run(long off, int n);
  }

  /** Runs body over the pieces of [0, len), on the pool when len reaches {@link Parallel#minWork()}. */
  static void forPieces(long len, Piece body) {
    int pieces = (int) ((len + PIECE - 1) / PIECE);
    Parallel.forEach(pieces, len, i -> {
      long off = (long) i * PIECE;
      body.run(off, (int) Math.min(PIECE, len - off));
    });
  }
}
