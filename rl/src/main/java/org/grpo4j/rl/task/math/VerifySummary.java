package org.grpo4j.rl.task.math;

/** How many lines of a verified JSONL input got each status. */
public record VerifySummary(long correct, long wrong, long noAnswer, long unparseableGold) {
  /** Checks that no count is negative. */
  public VerifySummary {
    if (correct < 0 || wrong < 0 || noAnswer < 0 || unparseableGold < 0) {
      throw new IllegalArgumentException("verify summary: counts " + correct + ", " + wrong + ", " + noAnswer + ", "
          + unparseableGold + " must not be negative");
    }
  }

  /** The number of verified lines. */
  public long total() {
    return correct + wrong + noAnswer + unparseableGold;
  }

  /** The fraction of verified lines that were correct (0 when there were none). */
  public double accuracy() {
    return total() == 0 ? 0.0 : (double) correct / total();
  }

  /** This summary with one more line of status {@code s}. */
  VerifySummary plus(MathStatus s) {
    return new VerifySummary(correct + (s == MathStatus.CORRECT ? 1 : 0), wrong + (s == MathStatus.WRONG ? 1 : 0),
        noAnswer + (s == MathStatus.NO_ANSWER ? 1 : 0), unparseableGold + (s == MathStatus.UNPARSEABLE_GOLD ? 1 : 0));
  }
}
