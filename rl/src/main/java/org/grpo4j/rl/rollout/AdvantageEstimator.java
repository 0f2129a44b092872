package org.grpo4j.rl.rollout;

import org.grpo4j.rl.objective.Advantages;

/** How rewards become advantages within each group of outputs of one prompt. */
public enum AdvantageEstimator {
  /** GRPO: (r - mean) / (sample std + 1e-4). */
  GROUP_NORMALIZED,
  /** Dr. GRPO: r - mean. */
  MEAN_ONLY,
  /** RLOO: r - mean of the others. */
  LEAVE_ONE_OUT,
  /** Plain REINFORCE: the raw reward (a zero baseline). */
  NONE;

  /** One advantage per output from its reward and its group index. */
  public double[] compute(double[] rewards, int[] groups) {
    return switch (this) {
      case GROUP_NORMALIZED -> Advantages.groupNormalized(rewards, groups, Advantages.Std.SAMPLE, 1e-4);
      case MEAN_ONLY -> Advantages.meanOnly(rewards, groups);
      case LEAVE_ONE_OUT -> Advantages.leaveOneOut(rewards, groups);
      case NONE -> rewards.clone();
    };
  }
}
