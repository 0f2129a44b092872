package org.grpo4j.rl.task.math;

import java.util.Objects;

/**
 * The verifier's answer for one completion: the status, the answer text it extracted (null when none was found;
 * capped at {@link AnswerExtractor#MAX_ANSWER_CHARS} characters) and the reward (1 when correct, else 0).
 */
public record MathVerdict(MathStatus status, String extracted, double reward) {
  /** Checks that the status is given and the reward is 1 exactly when the status is correct, else 0. */
  public MathVerdict {
    Objects.requireNonNull(status, "math verdict status");
    double expected = status == MathStatus.CORRECT ? 1.0 : 0.0;
    if (reward != expected) {
      throw new IllegalArgumentException("math verdict: reward " + reward + " for status " + status.word()
          + ", expected " + expected);
    }
  }

  /** A verdict whose reward follows from its status. */
  public static MathVerdict of(MathStatus status, String extracted) {
    return new MathVerdict(status, extracted, status == MathStatus.CORRECT ? 1.0 : 0.0);
  }

  /** Whether the completion was judged correct. */
  public boolean correct() {
    return status == MathStatus.CORRECT;
  }
}
