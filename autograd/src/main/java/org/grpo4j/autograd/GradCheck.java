package org.grpo4j.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient checking by central differences in float64: compares the autodiff gradient of
 * {@code <u, f(x)>} (u a random upstream gradient) with finite differences, element by element for small
 * inputs and along random directions for large ones.
 */
public final class GradCheck {
  private GradCheck() {}

  /** Tolerances and sizes of a check. */
  public record Options(double eps, double atol, double rtol, int maxElementwise, int directions, long seed) {
    /** Validates the options. */
    public Options {
      if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0) || maxElementwise < 0 || directions < 1) {
        throw new IllegalArgumentException("gradcheck: invalid options eps=" + eps + " atol=" + atol + " rtol="
            + rtol + " maxElementwise=" + maxElementwise + " directions=" + directions);
      }
    }

    /** eps 1e-6, atol 1e-7, rtol 1e-5, elementwise up to 256 elements, 4 random directions beyond. */
    public static Options defaults(long seed) {
      return new Options(1e-6, 1e-7, 1e-5, 256, 4, seed);
    }
  }

  /** The outcome: the worst mismatch found, and a description of where. */
  public record Result(boolean passed, double worstError, String worst, int comparisons) {}

  /**
   * Checks {@code f} at {@code inputs} (converted to float64); only inputs with {@code differentiable[i]} are
   * perturbed and compared.
   */
  public static Result check(Function<Tensor[], Tensor> f, INDArray[] inputs, boolean[] differentiable,
      Options opt) {
    INDArray[] x = new INDArray[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      x[i] = inputs[i].dataType().isFPType() ? inputs[i].castTo(DataType.DOUBLE).dup('c') : inputs[i];
    }
    SplittableRandom rng = new SplittableRandom(opt.seed());
    Tensor[] ts = wrap(x, differentiable);
    Tensor y = f.apply(ts);
    INDArray u = random(rng, y.shape());
    List<Tensor> targets = new ArrayList<>();
    for (int i = 0; i < ts.length; i++) {
      if (differentiable[i]) {
        targets.add(ts[i]);
      }
    }
    // an output that does not depend on any differentiable input has zero gradients
    INDArray[] analytic = targets.isEmpty() || !y.requiresGrad() ? new INDArray[targets.size()]
        : Autograd.grad(y, targets, u, false);
    double worst = 0;
    String where = "none";
    int comparisons = 0;
    boolean passed = true;
    for (int i = 0, t = 0; i < x.length; i++) {
      if (!differentiable[i]) {
        continue;
      }
      INDArray a = analytic[t++];
      if (a == null) {
        a = Nd4j.zeros(DataType.DOUBLE, x[i].shape());
      }
      if (x[i].length() <= opt.maxElementwise()) {
        for (long e = 0; e < x[i].length(); e++) {
          double v = x[i].getDouble(e);
          x[i].putScalar(e, v + opt.eps());
          double plus = project(f, x, differentiable, u);
          x[i].putScalar(e, v - opt.eps());
          double minus = project(f, x, differentiable, u);
          x[i].putScalar(e, v);
          double numeric = (plus - minus) / (2 * opt.eps());
          double err = excess(a.getDouble(e), numeric, opt);
          comparisons++;
          if (err > worst) {
            worst = err;
            where = "input " + i + " element " + e + ": autodiff " + a.getDouble(e) + " vs numeric " + numeric;
          }
          passed &= err <= 1.0;
        }
      }
      for (int k = 0; k < (x[i].length() <= opt.maxElementwise() ? 0 : opt.directions()); k++) {
        INDArray d = random(rng, x[i].shape());
        INDArray saved = x[i].dup();
        x[i].assign(saved.add(d.mul(opt.eps())));
        double plus = project(f, x, differentiable, u);
        x[i].assign(saved.sub(d.mul(opt.eps())));
        double minus = project(f, x, differentiable, u);
        x[i].assign(saved);
        double numeric = (plus - minus) / (2 * opt.eps());
        double analyticDir = a.mul(d).sumNumber().doubleValue();
        double err = excess(analyticDir, numeric, opt);
        comparisons++;
        if (err > worst) {
          worst = err;
          where = "input " + i + " direction " + k + ": autodiff " + analyticDir + " vs numeric " + numeric;
        }
        passed &= err <= 1.0;
      }
    }
    return new Result(passed, worst, where, comparisons);
  }

  /** |a - n| as a multiple of the allowed tolerance atol + rtol |n| (pass when at most 1). */
  private static double excess(double a, double n, Options opt) {
    double diff = Math.abs(a - n);
    if (Double.isNaN(diff)) {
      return Double.POSITIVE_INFINITY;
    }
    return diff / (opt.atol() + opt.rtol() * Math.max(Math.abs(a), Math.abs(n)));
  }

  private static double project(Function<Tensor[], Tensor> f, INDArray[] x, boolean[] diff, INDArray u) {
    try (GradMode.Scope s = GradMode.noGrad()) {
      INDArray y = f.apply(wrap(x, diff)).data();
      return y.castTo(DataType.DOUBLE).mul(u).sumNumber().doubleValue();
    }
  }

  private static Tensor[] wrap(INDArray[] x, boolean[] diff) {
    Tensor[] ts = new Tensor[x.length];
    for (int i = 0; i < x.length; i++) {
      ts[i] = diff[i] ? Tensor.param(x[i]) : Tensor.of(x[i]);
    }
    return ts;
  }

  /** Standard normal values of the given shape from {@code rng} (float64). */
  public static INDArray random(SplittableRandom rng, long... shape) {
    double[] v = new double[(int) Nd.length(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = gaussian(rng);
    }
    return shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.create(v, shape, 'c');
  }

  private static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
