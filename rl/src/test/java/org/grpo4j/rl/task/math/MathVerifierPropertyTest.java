package org.grpo4j.rl.task.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/** Any rational written in any supported format verifies as correct against itself and wrong against itself + 1. */
class MathVerifierPropertyTest {
  private static final int EXAMPLES = System.getenv("CI") != null ? 300 : 1000;

  /** The ways an answer can write {@code f}; plain ones (usable as "the last number") come first. */
  static List<String> formats(BigFraction f, boolean plainOnly) {
    BigInteger n = f.getNumerator();
    BigInteger d = f.getDenominator();
    List<String> out = new ArrayList<>();
    out.add(d.equals(BigInteger.ONE) ? n.toString() : n + "/" + d);
    String decimal = decimal(n, d);
    if (decimal != null) {
      out.add(decimal);
      out.add(thousands(decimal));
    }
    if (plainOnly) {
      return out;
    }
    String sign = n.signum() < 0 ? "-" : "";
    out.add(n.multiply(BigInteger.valueOf(3)) + "/" + d.multiply(BigInteger.valueOf(3)));
    out.add(sign + "\\frac{" + n.abs() + "}{" + d + "}");
    out.add("\\dfrac{" + n + "}{" + d + "}");
    out.add("\\left(" + sign + "\\tfrac{" + n.abs() + "}{" + d + "}\\right)");
    out.add("{" + n + "}/{" + d + "}");
    out.add("\\sqrt{" + n.abs().pow(2) + "/" + d.pow(2) + "}" + (n.signum() < 0 ? "*(-1)" : ""));
    if (decimal != null) {
      out.add(sign + "$" + thousands(decimal).replace("-", "") + " dollars");
    }
    return out;
  }

  private static String decimal(BigInteger n, BigInteger d) {
    try {
      return new BigDecimal(n).divide(new BigDecimal(d)).toPlainString();
    } catch (ArithmeticException nonTerminating) {
      return null;
    }
  }

  private static String thousands(String decimal) {
    boolean negative = decimal.startsWith("-");
    String body = negative ? decimal.substring(1) : decimal;
    int dot = body.indexOf('.');
    String whole = dot < 0 ? body : body.substring(0, dot);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        b.append(',');
      }
      b.append(whole.charAt(i));
    }
    return (negative ? "-" : "") + b + (dot < 0 ? "" : body.substring(dot));
  }

  /** A completion stating {@code answer} by one of the extraction rules (the last-number rule for plain answers). */
  private static String completion(String answer, boolean plain, SplittableRandom r) {
    return switch (r.nextInt(plain ? 4 : 3)) {
      case 0 -> "work 12+3=15\n#### " + answer;
      case 1 -> "so \\boxed{" + answer + "}.";
      case 2 -> "3 steps later, the answer is " + answer + ". Done";
      default -> "adding 2 and 5 gives " + answer;
    };
  }

  private static String gold(String answer, SplittableRandom r) {
    return switch (r.nextInt(3)) {
      case 0 -> answer;
      case 1 -> "Some text <<2*3=6>>.\n#### " + answer;
      default -> "\\boxed{" + answer + "}";
    };
  }

  @Test
  void everyFormatOfARationalIsCorrectAgainstItselfAndWrongAgainstItsSuccessor() {
    qt().withFixedSeed(401L).withExamples(EXAMPLES)
        .forAll(longs().between(-1_000_000_000_000L, 1_000_000_000_000L), integers().between(0, 48), longs().all())
        .checkAssert((num, twosFives, seed) -> {
          SplittableRandom r = new SplittableRandom(seed);
          BigInteger den = BigInteger.TWO.pow(twosFives / 7).multiply(BigInteger.valueOf(5).pow(twosFives % 7))
              .multiply(BigInteger.valueOf(new int[] {1, 1, 1, 3, 7, 9}[r.nextInt(6)]));
          BigFraction f = new BigFraction(BigInteger.valueOf(num), den);
          BigFraction g = f.add(BigFraction.ONE);
          List<String> plain = formats(f, true);
          List<String> all = formats(f, false);
          List<String> goldForms = formats(f, false);
          int pick = r.nextInt(all.size());
          boolean isPlain = pick < plain.size();
          String answer = all.get(pick);
          String wrongAnswer = formats(g, isPlain).get(pick); // g has f's denominator: the same formats exist
          String goldText = gold(goldForms.get(r.nextInt(goldForms.size())), r);
          MathVerdict right = MathVerifier.verify(completion(answer, isPlain, r), goldText);
          assertEquals(MathStatus.CORRECT, right.status(), () -> answer + " vs " + goldText + ": " + right);
          MathVerdict wrong = MathVerifier.verify(completion(wrongAnswer, isPlain, r), goldText);
          assertEquals(MathStatus.WRONG, wrong.status(), () -> wrongAnswer + " vs " + goldText + ": " + wrong);
        });
  }
}
