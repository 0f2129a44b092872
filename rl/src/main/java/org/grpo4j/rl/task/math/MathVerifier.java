package org.grpo4j.rl.task.math;

import java.util.Objects;
import java.util.Optional;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Verifies math completions exactly: extracts the answer ({@link AnswerExtractor}), reads it and the gold answer as
 * rationals ({@link ExactAnswer}) and compares them with no tolerance; stateless and safe from any thread.
 */
public final class MathVerifier {
  private MathVerifier() {}

  /**
   * The verdict on {@code completion} against {@code gold}, which may be a bare number, {@code #### n}, a GSM8K
   * answer text (its final {@code #### n} counts) or a text with a <code>\boxed{...}</code>.
   */
  public static MathVerdict verify(String completion, String gold) {
    Objects.requireNonNull(completion, "completion");
    Objects.requireNonNull(gold, "gold");
    String extracted = AnswerExtractor.extract(completion);
    String reported = extracted == null || extracted.length() <= AnswerExtractor.MAX_ANSWER_CHARS
        ? extracted : extracted.substring(0, AnswerExtractor.MAX_ANSWER_CHARS);
    Optional<BigFraction> want = parseGold(gold);
    if (want.isEmpty()) {
      return MathVerdict.of(MathStatus.UNPARSEABLE_GOLD, reported);
    }
    Optional<BigFraction> got = ExactAnswer.parse(extracted);
    if (got.isEmpty()) {
      return MathVerdict.of(MathStatus.NO_ANSWER, reported);
    }
    return MathVerdict.of(got.get().equals(want.get()) ? MathStatus.CORRECT : MathStatus.WRONG, reported);
  }

  /** The exact value of a gold answer in any of the forms {@link #verify} takes, or empty when it has none. */
  public static Optional<BigFraction> parseGold(String gold) {
    return ExactAnswer.parse(goldText(gold));
  }

  /**
   * The answer text of a gold answer: after its last {@code ####}, else the last complete
   * <code>\boxed{...}</code> (null when a box never closes), else the whole text stripped.
   */
  public static String goldText(String gold) {
    String hashes = AnswerExtractor.afterLastHashes(gold);
    if (hashes != null) {
      return hashes;
    }
    if (gold.contains("\\boxed{")) {
      return AnswerExtractor.lastBoxed(gold);
    }
    return gold.strip();
  }

  /**
   * Whether {@code completion} holds a well-formed final answer: its last {@code ####} is followed on the same line
   * by a plain number ({@code 42}, {@code -7}, {@code 1,234}, {@code 3.5}, {@code 3/4}) and nothing else.
   */
  public static boolean hasFormattedAnswer(String completion) {
    String after = AnswerExtractor.afterLastHashes(completion);
    return after != null && isPlainNumber(after);
  }

  /** Whether {@code s} is an optional minus, digits (thousands separated or not), then a decimal or a /denominator. */
  static boolean isPlainNumber(String s) {
    int i = s.startsWith("-") ? 1 : 0;
    int digits = countDigits(s, i);
    if (digits == 0) {
      return false;
    }
    i += digits;
    while (digits <= 3 && i < s.length() && s.charAt(i) == ',' && countDigits(s, i + 1) == 3) {
      i += 4;
    }
    if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == '/')) {
      int more = countDigits(s, i + 1);
      if (more == 0) {
        return false;
      }
      i += 1 + more;
    }
    return i == s.length();
  }

  private static int countDigits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }
}
