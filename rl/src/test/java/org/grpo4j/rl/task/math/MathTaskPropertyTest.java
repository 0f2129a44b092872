package org.grpo4j.rl.task.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.math3.fraction.BigFraction;
import org.grpo4j.rl.task.Problem;
import org.junit.jupiter.api.Test;

/**
 * Over random knob settings and indices, every worked solution is verified correct, each of its steps is true
 * arithmetic, and for arithmetic prompts the answer is the value of the prompt's expression (an independent check
 * of precedence and exact division).
 */
class MathTaskPropertyTest {
  private static final int EXAMPLES = System.getenv("CI") != null ? 50 : 100;
  private static final int INDICES = 20;

  private static Set<MathOp> ops(int mask) {
    Set<MathOp> s = EnumSet.noneOf(MathOp.class);
    for (MathOp op : MathOp.values()) {
      if ((mask & (1 << op.ordinal())) != 0) {
        s.add(op);
      }
    }
    return s;
  }

  @Test
  void everyWorkedSolutionIsCorrect() {
    qt().withFixedSeed(402L).withExamples(EXAMPLES)
        .forAll(longs().all(), integers().between(1, 9), integers().between(1, 15), integers().between(1, 8))
        .checkAssert((seed, digits, mask, steps) -> {
          boolean words = (seed & 1) == 0;
          MathTask task = new MathTask(new MathTaskConfig(digits, ops(mask), steps, words, seed, 0));
          for (int k = 0; k < INDICES; k++) {
            long i = k < INDICES / 2 ? k : Math.floorMod(seed * 31 + k, Long.MAX_VALUE);
            check(task.trainProblem(i));
          }
        });
  }

  @Test
  void heldOutSolutionsAreCorrectToo() {
    qt().withFixedSeed(403L).withExamples(EXAMPLES / 4)
        .forAll(longs().all(), integers().between(2, 6), integers().between(1, 15), booleans().all())
        .checkAssert((seed, digits, mask, words) -> {
          MathTask task = new MathTask(new MathTaskConfig(digits, ops(mask), 2, words, seed, 10));
          task.heldOut().forEach(MathTaskPropertyTest::check);
        });
  }

  static void check(Problem p) {
    String all = p.prompt() + p.solution();
    MathVerdict v = MathVerifier.verify(p.solution(), p.reference());
    assertEquals(MathStatus.CORRECT, v.status(), () -> all + " -> " + v);
    assertTrue(MathVerifier.hasFormattedAnswer(p.solution()), all);
    assertTrue(p.prompt().startsWith("Q: ") && p.prompt().endsWith("\nA:"), all);
    assertTrue(all.chars().allMatch(ch -> ch == '\n' || (ch >= 32 && ch < 127)), all);
    String work = p.solution().substring(0, p.solution().lastIndexOf(" #### "));
    for (String step : work.strip().split(" ")) {
      int eq = step.lastIndexOf('=');
      Optional<BigFraction> lhs = ExactAnswer.parse("(" + step.substring(0, eq) + ")");
      assertEquals(ExactAnswer.parse(step.substring(eq + 1)), lhs, () -> "step " + step + " of " + all);
    }
    String question = p.prompt().substring(3, p.prompt().length() - 3);
    if (question.endsWith("=?")) {
      Optional<BigFraction> value = ExactAnswer.parse("(" + question.substring(0, question.length() - 2) + ")");
      assertEquals(MathVerifier.parseGold(p.reference()), value, all);
    }
  }
}
