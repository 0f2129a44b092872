package org.grpo4j.rl.task.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Completions against gold answers: which rule extracts the answer, what it extracts and the verdict. */
class MathVerifierTest {
  private static final String C = "correct";
  private static final String W = "wrong";
  private static final String N = "no_answer";
  private static final String G = "unparseable_gold";

  static Stream<Arguments> cases() {
    return Stream.of(
        // #### rule: the last marker wins, the rest of its line is the answer
        Arguments.of(" 23+45=68 #### 68", "68", C, "68"),
        Arguments.of("#### 3\nmore work\n#### 4", "4", C, "4"),
        Arguments.of("#### 3\nmore work\n#### 4", "3", W, "4"),
        Arguments.of("#### 42 apples", "42", C, "42 apples"),
        Arguments.of("#### $5.00 dollars", "5", C, "$5.00 dollars"),
        Arguments.of("#### 1,234,567", "1234567", C, "1,234,567"),
        Arguments.of("#### \\boxed{12}", "12", C, "\\boxed{12}"),
        Arguments.of("#### I do not know", "7", N, "I do not know"),
        Arguments.of("the sum is 5\n####\n", "5", C, "5"), // empty marker: falls through to the last number
        Arguments.of("#### 0.3333", "1/3", W, "0.3333"),
        Arguments.of("#### 1/3", "\\frac{1}{3}", C, "1/3"),
        Arguments.of("#### 1/0", "5", N, "1/0"),
        // \boxed rule: last complete box, nested braces
        Arguments.of("so \\boxed{\\frac{3}{4}}.", "0.75", C, "\\frac{3}{4}"),
        Arguments.of("\\boxed{1} then \\boxed{2}", "2", C, "2"),
        Arguments.of("\\boxed{{{7}}}", "7", C, "{{7}}"),
        Arguments.of("\\boxed{\\left(\\dfrac{1}{2}\\right)}", "1/2", C, "\\left(\\dfrac{1}{2}\\right)"),
        Arguments.of("\\boxed{\\sqrt{16/9}}", "4/3", C, "\\sqrt{16/9}"),
        Arguments.of("\\boxed{\\sqrt{2}}", "1.4142135", N, "\\sqrt{2}"),
        Arguments.of("\\boxed{3} and then \\boxed{4", "3", C, "3"),
        Arguments.of("the answer is \\boxed{42", "42", N, null), // an unclosed box is no answer
        Arguments.of("\\boxed{x = 5}", "5", C, "x = 5"),
        Arguments.of("\\boxed{\\{1\\}} or 2", "1", N, "\\{1\\}"),
        // "answer is" rule
        Arguments.of("The answer is 42.", "42", C, "42"),
        Arguments.of("So the final answer is: $5.00 dollars. Check: 5 = 5", "5", C, "$5.00 dollars"),
        Arguments.of("The answer is 0.5. Another 7", "1/2", C, "0.5"),
        Arguments.of("THE ANSWER IS -3", "-3", C, "-3"),
        Arguments.of("the answer is **12**", "12", C, "**12**"),
        Arguments.of("the answer is 12, since 5+7=13", "12", C, "12"),
        Arguments.of("the answer is 1,234; done", "1234", C, "1,234"),
        // last number rule
        Arguments.of("5 apples and 7 more make 12", "12", C, "12"),
        Arguments.of("We get 1,234.", "1234", C, "1,234"),
        Arguments.of("value -5", "-5", C, "-5"),
        Arguments.of("8-3", "3", C, "3"),
        Arguments.of("half is 1/2", "0.5", C, "1/2"),
        Arguments.of("x is 007", "7", C, "007"),
        Arguments.of("roughly 0.3333", "1/3", W, "0.3333"),
        Arguments.of("I have no idea", "3", N, null),
        Arguments.of("", "3", N, null),
        // gold forms
        Arguments.of("#### 72", "Natalia sold 48/2 = <<48/2=24>>24 clips.\n#### 72", C, "72"),
        Arguments.of("#### 72", "#### 72", C, "72"),
        Arguments.of("#### 72", "\\boxed{72}", C, "72"),
        Arguments.of("#### 72", " 72 ", C, "72"),
        Arguments.of("#### 72", "seventy-two", G, "72"),
        Arguments.of("#### 72", "\\boxed{72", G, "72"),
        Arguments.of("nothing", "1/0", G, null),
        Arguments.of("#### -72", "72", W, "-72"),
        Arguments.of("#### 123456789012345678901234567891", "123456789012345678901234567890", W,
            "123456789012345678901234567891"));
  }

  @ParameterizedTest(name = "[{index}] {0} vs {1}")
  @MethodSource("cases")
  void verifies(String completion, String gold, String status, String extracted) {
    MathVerdict v = MathVerifier.verify(completion, gold);
    assertEquals(status, v.status().word(), () -> completion + " vs " + gold + ": " + v);
    assertEquals(extracted, v.extracted(), "extracted");
    assertEquals(status.equals(C) ? 1.0 : 0.0, v.reward());
  }

  @Test
  void formattedAnswerNeedsAPlainNumberAfterTheLastMarker() {
    assertTrue(MathVerifier.hasFormattedAnswer(" 23+45=68 #### 68"));
    assertTrue(MathVerifier.hasFormattedAnswer("#### -1,234.5\n"));
    assertTrue(MathVerifier.hasFormattedAnswer("#### 3/4"));
    assertFalse(MathVerifier.hasFormattedAnswer("68"));
    assertFalse(MathVerifier.hasFormattedAnswer("#### "));
    assertFalse(MathVerifier.hasFormattedAnswer("#### 68 apples"));
    assertFalse(MathVerifier.hasFormattedAnswer("#### 68.")); // a trailing period is not well formed
    assertFalse(MathVerifier.hasFormattedAnswer("#### 1234,567"));
    assertFalse(MathVerifier.hasFormattedAnswer("#### 68 #### x"));
  }

  @Test
  void verdictRecordRejectsARewardThatContradictsItsStatus() {
    assertThrows(IllegalArgumentException.class, () -> new MathVerdict(MathStatus.WRONG, "1", 1.0));
    assertThrows(IllegalArgumentException.class, () -> new MathVerdict(MathStatus.CORRECT, "1", 0.0));
    assertEquals(1.0, new MathVerdict(MathStatus.CORRECT, "1", 1.0).reward());
  }

  @Test
  void statusWordsRoundTripAndBadWordsNameTheChoices() {
    for (MathStatus s : MathStatus.values()) {
      assertEquals(s, MathStatus.ofWord(s.word()));
    }
    assertEquals("unparseable_gold", MathStatus.UNPARSEABLE_GOLD.word());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MathStatus.ofWord("right"));
    assertTrue(e.getMessage().contains("'right'") && e.getMessage().contains("no_answer"), e.getMessage());
  }
}
