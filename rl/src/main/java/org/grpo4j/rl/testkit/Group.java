package org.grpo4j.rl.testkit;

import org.grpo4j.rl.exact.PrefixSoftmaxPolicy;

/** One group an estimator sees: the current policy, the old one the outputs were sampled from, outputs, rewards. */
public record Group(PrefixSoftmaxPolicy theta, PrefixSoftmaxPolicy old, int[][] outputs, double[] rewards) {
  /** Checks one reward per output, at least one output. */
  public Group {
    if (outputs.length == 0 || outputs.length != rewards.length) {
      throw new IllegalArgumentException("group: " + outputs.length + " outputs and " + rewards.length
          + " rewards (expected the same non-zero number)");
    }
  }

  /** The number of outputs G. */
  public int size() {
    return outputs.length;
  }
}
