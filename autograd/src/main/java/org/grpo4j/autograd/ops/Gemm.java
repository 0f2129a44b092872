package org.grpo4j.autograd.ops;

import java.util.Arrays;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Matrix products into preallocated outputs: OpenBLAS directly on the CPU backend, else {@code Nd4j.gemm}/{@code Nd4j.matmul}. */
public final class Gemm {
  private Gemm() {}

  /** op(x) op(y) for 2-D x 2-D, N-D x 2-D (flattened into one GEMM) and N-D x N-D with equal batch axes. */
  public static INDArray mm(INDArray x, boolean tx, INDArray y, boolean ty) {
    if (x.dataType() != y.dataType()) {
      throw new ShapeException("matmul: dtype " + x.dataType() + " cannot be multiplied by dtype " + y.dataType());
    }
    if (x.rank() < 2 || y.rank() < 2) {
      throw new ShapeException(Matmul.describe(x, tx, y, ty) + ": both operands need rank >= 2");
    }
    int rx = x.rank();
    int ry = y.rank();
    long m = tx ? x.size(rx - 1) : x.size(rx - 2);
    long k = tx ? x.size(rx - 2) : x.size(rx - 1);
    long k2 = ty ? y.size(ry - 1) : y.size(ry - 2);
    long n = ty ? y.size(ry - 2) : y.size(ry - 1);
    if (k != k2) {
      throw new ShapeException(Matmul.describe(x, tx, y, ty));
    }
    if (ry == 2) {
      if (rx == 2) {
        return gemm(x, tx, y, ty, m, n);
      }
      if (tx) {
        throw new ShapeException(Matmul.describe(x, tx, y, ty) + ": a transposed batched left operand needs a "
            + "batched right operand");
      }
      long[] out = x.shape().clone();
      out[rx - 1] = n;
      INDArray x2 = Nd.reshape(Nd.contiguous(x), Nd.length(x.shape()) / k, k);
      return Nd.reshape(gemm(x2, false, y, ty, x2.size(0), n), out);
    }
    long[] bx = Arrays.copyOf(x.shape(), rx - 2);
    long[] by = Arrays.copyOf(y.shape(), ry - 2);
    if (!Arrays.equals(bx, by)) {
      throw new ShapeException(Matmul.describe(x, tx, y, ty) + ": batch axes differ");
    }
    long batch = Nd.length(bx);
    INDArray x3 = Nd.reshape(Nd.contiguous(x), batch, x.size(rx - 2), x.size(rx - 1));
    INDArray y3 = Nd.reshape(Nd.contiguous(y), batch, y.size(ry - 2), y.size(ry - 1));
    INDArray c = k == 0 ? Nd4j.create(x.dataType(), batch, m, n)
        : batchedInto(x3, tx, y3, ty, Nd.empty(x.dataType(), batch, m, n));
    long[] out = Arrays.copyOf(bx, rx);
    out[rx - 2] = m;
    out[rx - 1] = n;
    return Nd.reshape(c, out);
  }

  /**
   * c = op(a) op(b) per batch for dense 3-D a (B, ., .), b (B, ., .) and a preallocated dense c (B, m, n); returns c.
   * Through OpenBLAS directly on the CPU backend, else {@code Nd4j.matmul}.
   */
  public static INDArray batchedInto(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c) {
    int m = (int) c.size(1);
    int n = (int) c.size(2);
    int k = (int) (ta ? a.size(1) : a.size(2));
    if (CpuBlas.usable(a, b, c)) {
      CpuBlas.gemm(a, ta, b, tb, c, (int) c.size(0), m, n, k, false);
      return c;
    }
    Nd4j.matmul(a, b, c, ta, tb, false);
    return c;
  }

  /**
   * x w + b for x (rows, in), w (in, out) and b (out,): on the CPU backend the bias is written into the output
   * first and the product added to it in the same GEMM (one pass over the output), else a product and a row add.
   */
  public static INDArray affine(INDArray x, INDArray w, INDArray b) {
    if (x.rank() != 2 || w.rank() != 2 || b.rank() != 1 || w.size(0) != x.size(1) || b.size(0) != w.size(1)
        || x.dataType() != w.dataType() || b.dataType() != w.dataType()) {
      throw new ShapeException("affine: x " + Nd.shape(x) + " " + x.dataType() + ", w " + Nd.shape(w) + " "
          + w.dataType() + ", b " + Nd.shape(b) + " " + b.dataType() + " do not fit (expected (rows, in), (in, out),"
          + " (out,) of one dtype)");
    }
    long m = x.size(0);
    long k = x.size(1);
    long n = w.size(1);
    INDArray xc = Nd.contiguous(x);
    INDArray wc = Nd.contiguous(w);
    INDArray bc = Nd.contiguous(b);
    if (m > 0 && n > 0 && k > 0 && CpuBlas.usable(xc, wc, xc)) { // c: fresh and dense, as bc, of their dtype
      INDArray c = Nd.empty(x.dataType(), m, n);
      CpuBlas.gemm(xc, false, wc, false, c, 1, (int) m, (int) n, (int) k, true, new BiasRows(bc, (int) n));
      return c;
    }
    return FloatKernels.addRowVector(gemm(xc, false, wc, false, m, n), bc);
  }

  /** Sums over the rows of a (rows, cols) matrix: (cols,); one GEMV on the CPU backend. */
  public static INDArray columnSums(INDArray g) {
    INDArray d = Nd.contiguous(g);
    if (d.size(0) > 0 && CpuBlas.usable(d, d, d)) {
      return CpuBlas.columnSums(d);
    }
    return d.sum(0);
  }

  /** x2d^T y2d where x and y are flattened to (rows, lastAxis): sums the per-row outer products. */
  static INDArray flatMm(INDArray x, INDArray y) {
    long kx = x.size(x.rank() - 1);
    long ky = y.size(y.rank() - 1);
    INDArray x2 = Nd.reshape(Nd.contiguous(x), Nd.length(x.shape()) / kx, kx);
    INDArray y2 = Nd.reshape(Nd.contiguous(y), Nd.length(y.shape()) / ky, ky);
    return gemm(x2, true, y2, false, kx, ky);
  }

  private static INDArray gemm(INDArray x, boolean tx, INDArray y, boolean ty, long m, long n) {
    long k = tx ? x.size(0) : x.size(1);
    if (m == 0 || n == 0 || k == 0) {
      return Nd4j.create(x.dataType(), m, n);
    }
    INDArray c = Nd.empty(x.dataType(), m, n); // beta = 0: C is never read
    INDArray xc = Nd.contiguous(x);
    INDArray yc = Nd.contiguous(y);
    if (CpuBlas.usable(xc, yc, c)) {
      CpuBlas.gemm(xc, tx, yc, ty, c, 1, (int) m, (int) n, (int) k, true);
      return c;
    }
    return Nd4j.gemm(xc, yc, c, tx, ty, 1.0, 0.0);
  }
}
