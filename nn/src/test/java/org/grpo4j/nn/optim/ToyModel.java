package org.grpo4j.nn.optim;

import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A matrix w (2, 2) and a vector b (2) in float64 with the loss 0.5 |w - tw|^2 + 0.5 |b - tb|^2. */
final class ToyModel extends Module {
  static final double[] W0 = {1.0, -2.0, 0.5, 3.0};
  static final double[] B0 = {0.25, -0.75};
  static final double[] TW = {0.0, 1.0, -1.0, 2.0};
  static final double[] TB = {1.0, 1.0};

  final Parameter w = registerParameter("w", Nd4j.create(W0, new long[] {2, 2}, 'c'));
  final Parameter b = registerParameter("b", Nd4j.create(B0, new long[] {2}, 'c'));

  /** Backward of the loss into w.grad and b.grad. */
  void backward() {
    Tensor dw = w.tensor().sub(Tensor.of(Nd4j.create(TW, new long[] {2, 2}, 'c')));
    Tensor db = b.tensor().sub(Tensor.of(Nd4j.create(TB, new long[] {2}, 'c')));
    dw.mul(dw).sum().add(db.mul(db).sum()).mul(0.5).backward();
  }

  static ToyModel create() {
    ToyModel m = new ToyModel();
    if (m.w.dtype() != DataType.DOUBLE) {
      throw new AssertionError();
    }
    return m;
  }
}
