package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Matrix product op(a) op(b), op = transpose of the last two axes when {@code transA}/{@code transB}:
 * (M, K) x (K, N); (B..., M, K) x (K, N) as one GEMM; (B..., M, K) x (B..., K, N) batched. Always through
 * {@link Gemm} into preallocated outputs; a linear map by a 2-D b (x W, or x W^T as a tied head) takes both gradients
 * from {@link LinearGradients}.
 */
public record Matmul(boolean transA, boolean transB) implements Op {
  /** The plain product a b. */
  public Matmul() {
    this(false, false);
  }

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray a = Nd.contiguous(in[0]); // one copy of a strided view, reused by backward
    INDArray b = Nd.contiguous(in[1]);
    ctx.save(a, b);
    return Gemm.mm(a, transA, b, transB);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray a = ctx.saved(0);
    INDArray b = ctx.saved(1);
    if (!transA && b.rank() == 2 && a.length() > 0 && g.length() > 0 && ctx.needsGrad(0) && ctx.needsGrad(1)) {
      // a linear map x W or x W^T (a tied head): both products at once
      long in = a.size(a.rank() - 1);
      INDArray x2 = Nd.reshape(a, a.length() / in, in);
      INDArray g2 = Nd.reshape(Nd.contiguous(g), x2.size(0), g.size(g.rank() - 1));
      INDArray[] dxw = LinearGradients.of(x2, g2, b, transB, true, true);
      return new INDArray[] {Nd.reshape(dxw[0], a.shape()), dxw[1]};
    }
    INDArray ga = null;
    INDArray gb = null;
    if (ctx.needsGrad(0)) {
      // C = A B: dA = G B^T;  C = A B^T: dA = G B;  C = A^T B: dA = B G^T;  C = A^T B^T: dA = B^T G^T
      ga = transA ? Gemm.mm(b, transB, g, true) : Gemm.mm(g, false, b, !transB);
    }
    if (ctx.needsGrad(1)) {
      if (b.rank() == 2 && a.rank() > 2) {
        gb = transB ? Gemm.flatMm(g, a) : Gemm.flatMm(a, g);
      } else {
        // C = A B: dB = A^T G;  C = A^T B: dB = A G;  C = A B^T: dB = G^T A;  C = A^T B^T: dB = G^T A^T
        gb = transB ? Gemm.mm(g, true, a, transA) : Gemm.mm(a, !transA, g, false);
      }
    }
    return new INDArray[] {ga, gb};
  }

  /** Checks that {@code a} can be multiplied by {@code b}; used for early, named errors. */
  static String describe(INDArray a, boolean ta, INDArray b, boolean tb) {
    return "matmul: shape " + Nd.shape(a) + (ta ? "^T" : "") + " cannot be multiplied by " + Nd.shape(b)
        + (tb ? "^T" : "");
  }
}
