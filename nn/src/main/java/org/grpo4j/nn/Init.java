package org.grpo4j.nn;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Nd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Parameter initializers drawing from an explicit random generator, so the same seed gives the same weights. */
public final class Init {
  private Init() {}

  /** N(0, std^2) entries drawn from {@code rng}, in C order. */
  public static INDArray normal(SplittableRandom rng, double std, DataType dtype, long... shape) {
    double[] v = new double[Math.toIntExact(Nd.length(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian() * std;
    }
    return Nd4j.create(v, shape, 'c').castTo(dtype);
  }

  /** U(-bound, bound) entries drawn from {@code rng}, in C order. */
  public static INDArray uniform(SplittableRandom rng, double bound, DataType dtype, long... shape) {
    double[] v = new double[Math.toIntExact(Nd.length(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextDouble(-bound, bound);
    }
    return Nd4j.create(v, shape, 'c').castTo(dtype);
  }

  /** All zeros. */
  public static INDArray zeros(DataType dtype, long... shape) {
    return Nd4j.zeros(dtype, shape);
  }

  /** All ones. */
  public static INDArray ones(DataType dtype, long... shape) {
    return Nd4j.ones(dtype, shape);
  }
}
