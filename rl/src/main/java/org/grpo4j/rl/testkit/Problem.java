package org.grpo4j.rl.testkit;

import org.grpo4j.rl.exact.ExactGradients;
import org.grpo4j.rl.exact.PrefixSoftmaxPolicy;
import org.grpo4j.rl.exact.Reward;
import org.grpo4j.rl.exact.TokenTree;

/**
 * An enumerable problem: the token tree, a reward, the old policy and a unit direction along which the current
 * policy theta_old + delta u moves away from it.
 */
public record Problem(TokenTree tree, Reward reward, PrefixSoftmaxPolicy old, double[] direction) {
  /** Checks the direction fits the policy. */
  public Problem {
    if (direction.length != old.parameters().length) {
      throw new IllegalArgumentException("problem: direction of " + direction.length + " values for "
          + old.parameters().length + " parameters");
    }
    direction = direction.clone();
  }

  /** The policy theta_old + delta u. */
  public PrefixSoftmaxPolicy at(double delta) {
    return old.plus(delta, direction);
  }

  /** The exact grad J at theta_old + delta u. */
  public double[] gradient(double delta) {
    return ExactGradients.gradient(at(delta), reward);
  }

  /** Number of outputs of the tree. */
  public int outputCount() {
    return tree.outputs().size();
  }
}
