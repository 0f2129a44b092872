package org.grpo4j.rl.task.math;

import java.util.Locale;

/** The outcome of verifying one math completion against its gold answer. */
public enum MathStatus {
  /** The extracted answer equals the gold answer exactly. */
  CORRECT,
  /** An answer was extracted and parsed, but differs from the gold answer. */
  WRONG,
  /** No answer could be extracted from the completion, or what was extracted is not an exact number. */
  NO_ANSWER,
  /** The gold answer itself is not an exact number, so nothing can be judged. */
  UNPARSEABLE_GOLD;

  /** The lower-case word used in JSON, scores and the command line ({@code correct}, {@code no_answer}, ...). */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status for a JSON / command-line word, naming the valid words when {@code word} is none of them. */
  public static MathStatus ofWord(String word) {
    for (MathStatus s : values()) {
      if (s.word().equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException("math status '" + word
        + "' is not one of correct, wrong, no_answer, unparseable_gold");
  }
}
