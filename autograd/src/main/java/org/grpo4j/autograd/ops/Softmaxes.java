package org.grpo4j.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Numerically stable softmax kernels shared by the softmax-family ops. */
final class Softmaxes {
  private Softmaxes() {}

  /** log-softmax of x over axis a (max-shifted, fresh array). */
  static INDArray logSoftmax(INDArray x, int a) {
    INDArray z = x.sub(x.max(true, a));
    INDArray lse = Transforms.log(Transforms.exp(z, true).sum(true, a), false);
    return z.subi(lse);
  }

  /** softmax of x over axis a (max-shifted, fresh array). */
  static INDArray softmax(INDArray x, int a) {
    INDArray e = Transforms.exp(x.sub(x.max(true, a)), false);
    return e.divi(e.sum(true, a));
  }

  /** In-place softmax of a fresh array x over axis a; returns x. */
  static INDArray softmaxInPlace(INDArray x, int a) {
    INDArray e = Transforms.exp(x.subi(x.max(true, a)), false);
    return e.divi(e.sum(true, a));
  }

  /** Backward of y = softmax computed in the fresh upstream array g: y * (g - sum(g * y)); returns g. */
  static INDArray softmaxBackwardInPlace(INDArray y, INDArray g, int a) {
    INDArray gy = g.muli(y);
    return gy.subi(y.mul(gy.sum(true, a)));
  }

  /** Backward of y = softmax: y * (g - sum(g * y)). */
  static INDArray softmaxBackward(INDArray y, INDArray g, int a) {
    INDArray gy = g.mul(y);
    return gy.subi(y.mul(gy.sum(true, a)));
  }
}
