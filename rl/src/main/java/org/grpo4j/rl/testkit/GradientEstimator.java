package org.grpo4j.rl.testkit;

/** A user's policy-gradient estimator on the token tree: one group in, an ascent direction over theta out. */
@FunctionalInterface
public interface GradientEstimator {
  /** The estimate of grad J(theta) (length: the policy's parameter count). */
  double[] estimate(Group group);
}
