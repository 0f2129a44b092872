package org.grpo4j.nn.optim;

/** SGD hyperparameters: learning rate and momentum (0 for plain SGD); decay per group comes from the groups. */
public record SgdConfig(double lr, double momentum) {
  /** Validates the ranges. */
  public SgdConfig {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("sgd: learning rate " + lr + " must be finite and >= 0");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("sgd: momentum " + momentum + " must be in [0, 1)");
    }
  }
}
