package org.grpo4j.rl.exact;

import org.grpo4j.rl.objective.Advantages;

/** How the estimators of the token tree turn a group's rewards into advantages (all from rl.objective). */
public enum Baseline {
  /** r_i - mean of the others (RLOO): independent of the sample, so expectations are closed-form sums. */
  LEAVE_ONE_OUT,
  /** r_i - group mean (Dr. GRPO): the sample is in its own baseline, scaling the mean by (G - 1) / G. */
  GROUP_MEAN,
  /** (r_i - mean) / (sample std + 1e-6) (GRPO's normalization). */
  GROUP_STD;

  /** Advantages of rewards laid out as consecutive groups of {@code groupSize}. */
  public double[] advantages(double[] rewards, int groupSize) {
    if (groupSize < 1 || rewards.length % groupSize != 0) {
      throw new IllegalArgumentException("baseline: " + rewards.length + " rewards do not split into groups of "
          + groupSize);
    }
    int[] group = new int[rewards.length];
    for (int i = 0; i < group.length; i++) {
      group[i] = i / groupSize;
    }
    return switch (this) {
      case LEAVE_ONE_OUT -> Advantages.leaveOneOut(rewards, group);
      case GROUP_MEAN -> Advantages.meanOnly(rewards, group);
      case GROUP_STD -> Advantages.groupNormalized(rewards, group, Advantages.Std.SAMPLE, 1e-6);
    };
  }
}
