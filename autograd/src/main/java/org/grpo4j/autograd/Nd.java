package org.grpo4j.autograd;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small ND4J helpers shared by ops: contiguity, shape checks, reduction back to a broadcast source shape. */
public final class Nd {
  private Nd() {}

  /** {@code x} itself when its elements lie densely in C order, else a C-ordered copy. */
  public static INDArray contiguous(INDArray x) {
    return isDense(x) ? x : x.dup('c');
  }

  /** True when x's elements lie densely in C order (the stride of an axis of size 1 does not matter). */
  public static boolean isDense(INDArray x) {
    long[] shape = x.shape();
    long[] stride = x.stride();
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** The elements of {@code x} in C order as doubles (copies views first, so offsets and strides are honoured). */
  public static double[] toDoubles(INDArray x) {
    return dense(x).data().asDouble();
  }

  /** The elements of {@code x} in C order as floats (copies views first, so offsets and strides are honoured). */
  public static float[] toFloats(INDArray x) {
    return dense(x).data().asFloat();
  }

  private static INDArray dense(INDArray x) {
    boolean exact = !x.isView() && x.offset() == 0 && isDense(x) && x.data().length() == x.length();
    return exact ? x : x.dup('c');
  }

  /** Formats a shape as {@code (2, 3)}. */
  public static String shape(long[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  /** Formats the shape of {@code x}. */
  public static String shape(INDArray x) {
    return shape(x.shape());
  }

  /** Throws unless all arrays have the shape and dtype of the first. */
  public static void requireSameShape(String op, INDArray... xs) {
    for (int i = 1; i < xs.length; i++) {
      if (xs[i].dataType() != xs[0].dataType()) {
        throw new ShapeException(op + ": dtype " + xs[i].dataType() + " of input " + i + " does not match dtype "
            + xs[0].dataType() + " of input 0");
      }
      if (!Arrays.equals(xs[i].shape(), xs[0].shape())) {
        throw new ShapeException(op + ": shape " + shape(xs[i]) + " of input " + i + " does not match shape "
            + shape(xs[0]) + " of input 0 (binary ops see equal shapes; broadcast with expand)");
      }
    }
  }

  /** Throws unless {@code x} is a floating-point array. */
  public static void requireFloating(String op, INDArray x) {
    DataType t = x.dataType();
    if (t != DataType.FLOAT && t != DataType.DOUBLE) {
      throw new ShapeException(op + ": expected a FLOAT or DOUBLE array, got " + t);
    }
  }

  /** Normalizes a possibly negative axis against {@code rank}, naming the op on error. */
  public static int axis(String op, int axis, int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new ShapeException(op + ": axis " + axis + " is out of range for rank " + rank);
    }
    return a;
  }

  /** Sums {@code g} (of a broadcast shape) back to {@code shape}: over leading extra axes and axes of size 1. */
  public static INDArray sumTo(INDArray g, long[] shape) {
    long[] gs = g.shape();
    if (Arrays.equals(gs, shape)) {
      return g;
    }
    int lead = gs.length - shape.length;
    int[] axes = new int[gs.length];
    int n = 0;
    for (int i = 0; i < gs.length; i++) {
      if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
        axes[n++] = i;
      }
    }
    INDArray s = n == 0 ? g : g.sum(true, Arrays.copyOf(axes, n));
    return s.reshape('c', shape);
  }

  /** The broadcast shape of two shapes under NumPy rules, or an exception naming both. */
  public static long[] broadcastShape(String op, long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new ShapeException(op + ": shapes " + shape(a) + " and " + shape(b) + " cannot be broadcast together");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** Broadcasts x to {@code shape} (a view), first padding its rank with leading axes of size 1. */
  public static INDArray broadcastTo(INDArray x, long[] shape) {
    if (Arrays.equals(x.shape(), shape)) {
      return x;
    }
    if (x.rank() < shape.length) {
      long[] padded = new long[shape.length];
      Arrays.fill(padded, 1);
      System.arraycopy(x.shape(), 0, padded, shape.length - x.rank(), x.rank());
      x = x.reshape('c', padded);
    }
    return x.broadcast(shape);
  }

  /** Number of elements of a shape. */
  public static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * x in C order with this shape: x itself when it already has it (ND4J's reshape always makes a view, and each
   * view holds a small native buffer until a garbage collection), else a reshaped view or copy.
   */
  public static INDArray reshape(INDArray x, long... shape) {
    return java.util.Arrays.equals(x.shape(), shape) && x.ordering() == 'c' ? x : x.reshape('c', shape);
  }

  /**
   * Frees a temporary from {@link #empty} that nothing will read again: closed at once, or, inside a recycling
   * scope, left for the scope to return to the pool.
   */
  public static void free(INDArray temp) {
    if (!MemoryScope.recyclingNow() && temp.closeable() && !temp.wasClosed()) {
      AlignedArrays.close(temp);
    }
  }

  /**
   * An uninitialized C-order array for an op to fill completely: reused from the thread's pool inside a
   * {@link MemoryScope#recycling()} scope, else newly allocated.
   */
  public static INDArray empty(DataType dtype, long... shape) {
    return MemoryScope.allocate(dtype, shape);
  }

  /** A zero array of the given dtype and shape. */
  public static INDArray zeros(DataType dtype, long... shape) {
    return Nd4j.zeros(dtype, shape);
  }
}
