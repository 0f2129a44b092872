package org.grpo4j.rl.rollout;

/**
 * What one reward function gave one completion: its name and weight, the reward (0 on a failure), the status word
 * ({@code error} when it threw, {@code timeout} when it ran past the limit, else the function's own) and detail.
 */
public record RewardOutcome(String name, double weight, double reward, String status, String detail) {
  /** Whether the function failed (threw or timed out) instead of scoring. */
  public boolean failed() {
    return status.equals(RewardRunner.ERROR) || status.equals(RewardRunner.TIMEOUT);
  }
}
