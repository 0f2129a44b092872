package org.grpo4j.rl.exact;

/** The update rules compared in the convergence experiment (all ascend J; token sums, no length normalization). */
public enum Method {
  /** The exact policy gradient grad J(theta) at every inner step (the noiseless reference). */
  EXACT_PG,
  /** GRPO: token ratios w_t = pi_theta / pi_old, PPO clip, advantages A_i; gradient at the current inner iterate. */
  GRPO,
  /** No importance sampling, frozen: the gradient at theta_old, reused by every inner step. */
  NO_IS,
  /** TIC-GRPO: one trajectory ratio rho_i with upper-only clipping at 1 + eps. */
  TIC,
  /** TIC-GRPO without clipping. */
  TIC_NO_CLIP,
  /** GSPO: the length-normalized sequence ratio, symmetric clip (3e-4, 4e-4). */
  GSPO,
  /** Dr. GRPO: GRPO's token ratios and clip with mean-only advantages (the sample in its own baseline). */
  DR_GRPO
}
