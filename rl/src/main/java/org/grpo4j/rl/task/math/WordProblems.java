package org.grpo4j.rl.task.math;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Short word-problem templates (one or two operations) with multi-step worked solutions. */
final class WordProblems {
  private static final String[] NAMES = {"Tom", "Ann", "Sam", "Mia", "Ben", "Eva"};
  private static final String[] ITEMS = {"apples", "pens", "cards", "eggs", "books", "coins"};

  /** One template: the operations it uses. */
  private enum Template {
    BUY(EnumSet.of(MathOp.ADD)),
    GIVE(EnumSet.of(MathOp.SUB)),
    BAGS(EnumSet.of(MathOp.MUL)),
    SHARE(EnumSet.of(MathOp.DIV)),
    BUY_GIVE(EnumSet.of(MathOp.ADD, MathOp.SUB)),
    BOXES(EnumSet.of(MathOp.MUL, MathOp.ADD));

    final Set<MathOp> ops;

    Template(Set<MathOp> ops) {
      this.ops = ops;
    }
  }

  private WordProblems() {}

  /** A word problem drawn from {@code r} among the templates whose operations {@code c} allows within its steps. */
  static GeneratedProblem generate(MathTaskConfig c, SplittableRandom r) {
    List<Template> eligible = new ArrayList<>();
    for (Template t : Template.values()) {
      if (c.ops().containsAll(t.ops) && t.ops.size() <= c.steps()) {
        eligible.add(t);
      }
    }
    Template t = eligible.get(r.nextInt(eligible.size())); // each single operation has a template
    String who = NAMES[r.nextInt(NAMES.length)];
    String what = ITEMS[r.nextInt(ITEMS.length)];
    long max = c.maxOperand();
    long a = r.nextLong(1, max + 1);
    long b = r.nextLong(1, max + 1);
    return switch (t) {
      case BUY -> make(who + " has " + a + " " + what + " and buys " + b + " more. How many " + what + " does "
          + who + " have?", step(a, '+', b, a + b), a + b);
      case GIVE -> {
        long hi = Math.max(a, b);
        long lo = Math.min(a, b);
        yield make(who + " has " + hi + " " + what + " and gives away " + lo + ". How many " + what + " are left?",
            step(hi, '-', lo, hi - lo), hi - lo);
      }
      case BAGS -> make(who + " buys " + a + " bags of " + b + " " + what + ". How many " + what + " is that?",
          step(a, '*', b, a * b), a * b);
      case SHARE -> {
        long d = Math.max(2, b);
        yield make(who + " shares " + a * d + " " + what + " equally among " + d + " friends. How many does each get?",
            step(a * d, '/', d, a), a);
      }
      case BUY_GIVE -> {
        long g = r.nextLong(0, Math.min(max, a + b) + 1);
        yield make(who + " has " + a + " " + what + ", buys " + b + " more and gives away " + g + ". How many "
            + what + " are left?", step(a, '+', b, a + b) + step(a + b, '-', g, a + b - g), a + b - g);
      }
      case BOXES -> {
        long loose = r.nextLong(1, max + 1);
        yield make(who + " buys " + a + " boxes of " + b + " " + what + " and " + loose + " loose " + what
            + ". How many " + what + " in all?", step(a, '*', b, a * b) + step(a * b, '+', loose, a * b + loose),
            a * b + loose);
      }
    };
  }

  private static String step(long a, char op, long b, long result) {
    return " " + a + op + b + "=" + result;
  }

  private static GeneratedProblem make(String question, String steps, long answer) {
    return new GeneratedProblem(GeneratedProblem.prompt(question), steps + " #### " + answer, Long.toString(answer));
  }
}
