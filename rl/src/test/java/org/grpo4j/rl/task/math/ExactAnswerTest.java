package org.grpo4j.rl.task.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Answer texts and the exact rationals they denote (or that they are not exact numbers). */
class ExactAnswerTest {
  static Stream<Arguments> exact() {
    return Stream.of(
        // integers, signs, leading zeros, big values
        Arguments.of("42", "42"),
        Arguments.of("-42", "-42"),
        Arguments.of("+42", "42"),
        Arguments.of("\u221242", "-42"),
        Arguments.of("007", "7"),
        Arguments.of("-0", "0"),
        Arguments.of("123456789012345678901234567890", "123456789012345678901234567890"),
        // decimals and scientific notation
        Arguments.of("5.00", "5"),
        Arguments.of("0.50", "1/2"),
        Arguments.of(".25", "1/4"),
        Arguments.of("-0.125", "-1/8"),
        Arguments.of("1.5e3", "1500"),
        Arguments.of("2E-3", "1/500"),
        Arguments.of("1.5\\times10^{3}", "1500"),
        Arguments.of("3 \\cdot 10^2", "300"),
        // thousands separators
        Arguments.of("1,234,567", "1234567"),
        Arguments.of("1,234.5", "2469/2"),
        Arguments.of("-12,000", "-12000"),
        // fractions
        Arguments.of("3/4", "3/4"),
        Arguments.of("6/8", "3/4"),
        Arguments.of("-3/4", "-3/4"),
        Arguments.of("\\frac{3}{4}", "3/4"),
        Arguments.of("\\dfrac{3}{4}", "3/4"),
        Arguments.of("\\tfrac{3}{4}", "3/4"),
        Arguments.of("\\frac12", "1/2"),
        Arguments.of("-\\frac{1}{3}", "-1/3"),
        Arguments.of("\\frac{-1}{3}", "-1/3"),
        Arguments.of("\\frac{\\frac{1}{2}}{\\frac{3}{4}}", "2/3"),
        // grouping, braces, left/right
        Arguments.of("{42}", "42"),
        Arguments.of("{{{42}}}", "42"),
        Arguments.of("\\left( \\frac{1}{2} \\right)", "1/2"),
        Arguments.of("(2+3)*4", "20"),
        Arguments.of("\\boxed{7}", "7"),
        Arguments.of("\\text{7}", "7"),
        // dollar and currency signs, units, trailing words
        Arguments.of("$5.00", "5"),
        Arguments.of("\\$5", "5"),
        Arguments.of("$5.00 dollars", "5"),
        Arguments.of("-$3", "-3"),
        Arguments.of("\u20ac12", "12"),
        Arguments.of("\u00a33.50", "7/2"),
        Arguments.of("42 apples", "42"),
        Arguments.of("42 apples.", "42"),
        Arguments.of("42.", "42"),
        Arguments.of("50%", "50"),
        Arguments.of("50\\%", "50"),
        Arguments.of("12\\text{ cm}", "12"),
        Arguments.of("**42**", "42"),
        Arguments.of("x = 5", "5"),
        Arguments.of("23+45=68", "68"),
        // arithmetic
        Arguments.of("2+3*4", "14"),
        Arguments.of("10-4-3", "3"),
        Arguments.of("12/4/3", "1"),
        Arguments.of("2^10", "1024"),
        Arguments.of("2^3^2", "512"),
        Arguments.of("-2^2", "-4"),
        Arguments.of("2^{-2}", "1/4"),
        Arguments.of("(1/2)^3", "1/8"),
        Arguments.of("6 \\div 4", "3/2"),
        Arguments.of("3\u00d74", "12"),
        Arguments.of("\\sqrt{16}", "4"),
        Arguments.of("\\sqrt{16/9}", "4/3"),
        Arguments.of("\\sqrt{\\frac{16}{9}}", "4/3"),
        Arguments.of("\\sqrt4", "2"),
        Arguments.of("2\\sqrt{0.25}", null), // no implicit product
        Arguments.of("2*\\sqrt{0.25}", "1"),
        // not exact numbers
        Arguments.of("\\sqrt{2}", null),
        Arguments.of("\\sqrt{-4}", null),
        Arguments.of("\\sqrt[3]{8}", null),
        Arguments.of("1/0", null),
        Arguments.of("\\frac{1}{0}", null),
        Arguments.of("0^{-1}", null),
        Arguments.of("5/(3-3)", null),
        Arguments.of("2^{1/2}", null),
        Arguments.of("10^100000", null),
        Arguments.of("1e100000", null),
        Arguments.of("", null),
        Arguments.of("apples", null),
        Arguments.of("5 + x", null),
        Arguments.of("5x", null),
        Arguments.of("5 x", null),
        Arguments.of("2\\pi", null),
        Arguments.of("2 pi", null),
        Arguments.of("1, 2", null),
        Arguments.of("1,23", null),
        Arguments.of("1234,567", null),
        Arguments.of("1 234", null),
        Arguments.of("5 apples and 3 pears", null),
        Arguments.of("(2+3", null),
        Arguments.of("2+", null),
        Arguments.of("\\frac{1}", null),
        Arguments.of("\\foo{3}", null),
        Arguments.of("3)", null));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("exact")
  void parsesExactly(String text, String expected) {
    Optional<BigFraction> got = ExactAnswer.parse(text);
    if (expected == null) {
      assertTrue(got.isEmpty(), () -> text + " should not be an exact number, got " + got.get());
    } else {
      String[] p = expected.split("/");
      BigFraction want = p.length == 1 ? new BigFraction(new java.math.BigInteger(p[0]))
          : new BigFraction(new java.math.BigInteger(p[0]), new java.math.BigInteger(p[1]));
      assertEquals(Optional.of(want), got, text);
    }
  }
}
