package org.grpo4j.nn.optim;

import java.util.Collection;
import org.grpo4j.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Global-norm gradient clipping, as PyTorch's {@code clip_grad_norm_}. */
public final class GradClip {
  private GradClip() {}

  /**
   * Scales all gradients in place by {@code maxNorm / (norm + 1e-6)} when their global L2 norm exceeds
   * {@code maxNorm}; returns the norm before clipping. Parameters without a gradient are skipped.
   */
  public static double clipGlobalNorm(Collection<Parameter> params, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("clip: max norm " + maxNorm + " must be > 0");
    }
    double sumSq = 0;
    for (Parameter p : params) {
      INDArray g = p.grad();
      if (g != null) {
        double n = g.norm2Number().doubleValue();
        sumSq += n * n;
      }
    }
    double norm = Math.sqrt(sumSq);
    double coef = maxNorm / (norm + 1e-6);
    if (coef < 1) {
      for (Parameter p : params) {
        if (p.grad() != null) {
          p.grad().muli(coef);
        }
      }
    }
    return norm;
  }
}
