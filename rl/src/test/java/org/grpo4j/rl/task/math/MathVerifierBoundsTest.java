package org.grpo4j.rl.task.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Adversarial inputs are answered quickly: each case is verified many times inside a generous preemptive timeout
 * (a quadratic scan or a hanging BigInteger.pow would blow far past it; no tight wall-clock assertions).
 */
class MathVerifierBoundsTest {
  private static final Duration GENEROUS = Duration.ofSeconds(5);
  private static final int REPEATS = 20;

  private static MathVerdict repeatedly(Supplier<MathVerdict> call) {
    return assertTimeoutPreemptively(GENEROUS, () -> {
      MathVerdict v = null;
      for (int i = 0; i < REPEATS; i++) {
        v = call.get();
      }
      return v;
    });
  }

  @Test
  void fiveThousandNestedBracesInABox() {
    String s = "\\boxed{" + "{".repeat(5000) + "1" + "}".repeat(5000) + "}";
    MathVerdict v = repeatedly(() -> MathVerifier.verify(s, "1"));
    assertEquals(MathStatus.NO_ANSWER, v.status()); // longer than any answer that is parsed
    assertEquals(AnswerExtractor.MAX_ANSWER_CHARS, v.extracted().length());
    String shorter = "\\boxed{" + "{".repeat(400) + "1" + "}".repeat(400) + "}";
    assertEquals(MathStatus.NO_ANSWER, repeatedly(() -> MathVerifier.verify(shorter, "1")).status()); // too deep
  }

  @Test
  void nestingJustPastTheDepthLimitIsRefusedAndJustUnderIsRead() {
    int ok = ExactParser.MAX_DEPTH / 2 - 2;
    String shallow = "#### " + "(".repeat(ok) + "3" + ")".repeat(ok);
    assertEquals(MathStatus.CORRECT, MathVerifier.verify(shallow, "3").status());
    int deep = ExactParser.MAX_DEPTH + 1;
    assertEquals(MathStatus.NO_ANSWER,
        MathVerifier.verify("#### " + "(".repeat(deep) + "3" + ")".repeat(deep), "3").status());
    assertEquals(MathStatus.NO_ANSWER, MathVerifier.verify("#### " + "-".repeat(500) + "3", "3").status());
  }

  @Test
  void fiveThousandUnclosedBoxes() {
    String s = "\\boxed{1 ".repeat(5000);
    assertEquals(MathStatus.NO_ANSWER, repeatedly(() -> MathVerifier.verify(s, "1")).status());
  }

  @Test
  void twoHundredKilobytesOfText() {
    String s = "the answer is maybe ".repeat(10_000) + " so 17";
    assertTrue(s.length() > 200_000);
    MathVerdict v = repeatedly(() -> MathVerifier.verify(s, "17"));
    assertEquals(MathStatus.NO_ANSWER, v.status()); // the last "answer is" says "maybe so 17": words then digits
  }

  @Test
  void twoHundredKilobytesOfDigitsOrCommas() {
    String digits = "9".repeat(200_000);
    assertEquals(MathStatus.NO_ANSWER, repeatedly(() -> MathVerifier.verify(digits, "9")).status());
    String commas = "1" + ",234".repeat(50_000);
    assertEquals(MathStatus.NO_ANSWER, repeatedly(() -> MathVerifier.verify("#### " + commas, "1")).status());
    String many = "1 ".repeat(100_000) + "#### 4";
    assertEquals(MathStatus.CORRECT, repeatedly(() -> MathVerifier.verify(many, "4")).status());
  }

  @Test
  void hugeExponentsAreRefusedNotComputed() {
    for (String e : new String[] {"10^100000", "10^{999999999}", "2^2^2^2^2^2", "1e99999", "(10^4000)*(10^4000)",
        "7^{2147483647}", "2^{-2147483648}"}) {
      MathVerdict v = repeatedly(() -> MathVerifier.verify("#### " + e, "1"));
      assertEquals(MathStatus.NO_ANSWER, v.status(), e);
    }
  }

  @Test
  void longestLiteralAcceptedAndOneDigitMoreRefused() {
    String max = "1" + "0".repeat(ExactParser.MAX_DIGITS - 1);
    assertEquals(MathStatus.CORRECT, MathVerifier.verify("#### " + max, max).status());
    assertEquals(MathStatus.NO_ANSWER, MathVerifier.verify("#### " + max + "0", max).status());
    assertEquals(MathStatus.UNPARSEABLE_GOLD, MathVerifier.verify("#### " + max, max + "0").status());
  }
}
