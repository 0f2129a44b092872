package org.grpo4j.rl.rollout;

/** What happens to completions that reach the maximum length (DAPO's overlong handling). */
public enum OverlongMode {
  /** Nothing: truncated completions are trained on like the others. */
  NONE,
  /** Overlong filtering: truncated completions are masked out of the loss (they still count in their group). */
  MASK,
  /**
   * Soft overlong punishment: a reward term 0 up to maxNewTokens - buffer tokens, then falling linearly to
   * -maxPenalty at maxNewTokens (logged as the reward function {@code overlong}).
   */
  SOFT_PENALTY;

  /** DAPO's soft punishment of a completion of {@code length} tokens (0 when it is short enough). */
  public static double softPenalty(int length, int maxNewTokens, int buffer, double maxPenalty) {
    int free = maxNewTokens - buffer;
    if (length <= free) {
      return 0;
    }
    if (length >= maxNewTokens) {
      return -maxPenalty;
    }
    return (double) (free - length) / buffer * maxPenalty;
  }
}
