package org.grpo4j.autograd.ops;

import java.util.Arrays;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Matrix products through {@code Nd4j.gemm} / batched {@code Nd4j.matmul} into preallocated outputs. */
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
      INDArray x2 = Nd.contiguous(x).reshape('c', Nd.length(x.shape()) / k, k);
      return gemm(x2, false, y, ty, x2.size(0), n).reshape('c', out);
    }
    long[] bx = Arrays.copyOf(x.shape(), rx - 2);
    long[] by = Arrays.copyOf(y.shape(), ry - 2);
    if (!Arrays.equals(bx, by)) {
      throw new ShapeException(Matmul.describe(x, tx, y, ty) + ": batch axes differ");
    }
    long batch = Nd.length(bx);
    INDArray x3 = Nd.contiguous(x).reshape('c', batch, x.size(rx - 2), x.size(rx - 1));
    INDArray y3 = Nd.contiguous(y).reshape('c', batch, y.size(ry - 2), y.size(ry - 1));
    INDArray c = Nd4j.createUninitialized(x.dataType(), batch, m, n); // beta = 0: C is never read
    Nd4j.matmul(x3, y3, c, tx, ty, false);
    long[] out = Arrays.copyOf(bx, rx);
    out[rx - 2] = m;
    out[rx - 1] = n;
    return c.reshape('c', out);
  }

  /** x2d^T y2d where x and y are flattened to (rows, lastAxis): sums the per-row outer products. */
  static INDArray flatMm(INDArray x, INDArray y) {
    long kx = x.size(x.rank() - 1);
    long ky = y.size(y.rank() - 1);
    INDArray x2 = Nd.contiguous(x).reshape('c', Nd.length(x.shape()) / kx, kx);
    INDArray y2 = Nd.contiguous(y).reshape('c', Nd.length(y.shape()) / ky, ky);
    return gemm(x2, true, y2, false, kx, ky);
  }

  private static INDArray gemm(INDArray x, boolean tx, INDArray y, boolean ty, long m, long n) {
    long k = tx ? x.size(0) : x.size(1);
    if (m == 0 || n == 0 || k == 0) {
      return Nd4j.create(x.dataType(), m, n);
    }
    INDArray c = Nd4j.createUninitialized(x.dataType(), m, n); // beta = 0: C is never read
    return Nd4j.gemm(Nd.contiguous(x), Nd.contiguous(y), c, tx, ty, 1.0, 0.0);
  }
}
