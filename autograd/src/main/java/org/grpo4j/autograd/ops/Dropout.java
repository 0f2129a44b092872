package org.grpo4j.autograd.ops;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p); the mask comes from seed. */
public record Dropout(double p, long seed) implements Op {
  /** Validates the drop probability. */
  public Dropout {
    if (!(p >= 0 && p < 1)) {
      throw new ShapeException("dropout: probability " + p + " is not in [0, 1)");
    }
  }

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    SplittableRandom rng = new SplittableRandom(seed);
    double scale = 1.0 / (1.0 - p);
    double[] m = new double[(int) x.length()];
    for (int i = 0; i < m.length; i++) {
      m[i] = rng.nextDouble() < p ? 0.0 : scale;
    }
    INDArray mask = Nd4j.create(m, x.shape(), 'c').castTo(x.dataType());
    ctx.save(mask);
    return Nd.contiguous(x).mul(mask);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {g.mul(ctx.saved(0))};
  }
}
