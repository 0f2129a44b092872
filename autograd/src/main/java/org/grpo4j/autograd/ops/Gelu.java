package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Op;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** GELU, tanh form (GPT-2): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
public record Gelu() implements Op {
  static final double C = Math.sqrt(2.0 / Math.PI);
  static final double A = 0.044715;

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    INDArray x2 = x.mul(x);
    // u = C (x + A x^3) = C x (1 + A x^2)
    INDArray t = Transforms.tanh(x2.mul(A).addi(1.0).muli(x).muli(C), false);
    ctx.save(x, x2, t);
    return t.add(1.0).muli(x).muli(0.5);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray x = ctx.saved(0);
    INDArray x2 = ctx.saved(1);
    INDArray t = ctx.saved(2);
    // dy/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) C (1 + 3 A x^2)
    INDArray du = x2.mul(3 * A).addi(1.0).muli(C);
    INDArray sech2 = t.mul(t).rsubi(1.0);
    INDArray d = sech2.muli(du).muli(x).addi(t).addi(1.0).muli(0.5);
    return new INDArray[] {d.muli(g)};
  }
}
