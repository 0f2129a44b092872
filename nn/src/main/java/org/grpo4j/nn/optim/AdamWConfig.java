package org.grpo4j.nn.optim;

/** AdamW hyperparameters (PyTorch defaults except the learning rate; decay per group comes from the groups). */
public record AdamWConfig(double lr, double beta1, double beta2, double eps) {
  /** Validates the ranges. */
  public AdamWConfig {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("adamw: learning rate " + lr + " must be finite and >= 0");
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("adamw: betas (" + beta1 + ", " + beta2 + ") must be in [0, 1)");
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("adamw: eps " + eps + " must be > 0");
    }
  }

  /** betas (0.9, 0.999), eps 1e-8. */
  public static AdamWConfig of(double lr) {
    return new AdamWConfig(lr, 0.9, 0.999, 1e-8);
  }
}
