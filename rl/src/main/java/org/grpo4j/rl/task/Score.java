package org.grpo4j.rl.task;

/**
 * What a reward function says of one completion: the reward, a status word ({@code correct}, {@code wrong},
 * {@code no_answer}, {@code passed}, {@code timeout}, ...), and what it extracted or a short message (or null).
 */
public record Score(double reward, String status, String detail) {
  /** Checks that the reward is finite and the status given. */
  public Score {
    if (!Double.isFinite(reward)) {
      throw new IllegalArgumentException("score: reward " + reward + " is not finite");
    }
    if (status == null || status.isEmpty()) {
      throw new IllegalArgumentException("score: a status is needed");
    }
  }

  /** A bare reward with status {@code ok}. */
  public static Score of(double reward) {
    return new Score(reward, "ok", null);
  }
}
