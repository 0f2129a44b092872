package org.grpo4j.rl.objective;

/**
 * TIC-GRPO's length correction of the group normalization. The paper names a "length-corrected group
 * normalization" without pinning its form, so every candidate is offered.
 */
public enum LengthCorrection {
  /** The plain advantage A_i. */
  NONE,
  /** Advantages from per-token rewards r_i / |o_i|, normalized within the group (computed by the caller). */
  PER_TOKEN_REWARD,
  /** Each output's term scaled by 1 / mean_j |o_j| over its group. */
  GROUP_MEAN_LENGTH,
  /** Each output's term scaled by 1 / |o_i|. */
  PER_SEQUENCE
}
