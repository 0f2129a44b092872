package org.grpo4j.rl.task.math;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The knobs of generated arithmetic problems: operands of at most {@code digits} digits, the operations allowed,
 * the number of operations per problem ({@code steps}), whether half the problems are word problems, the seed of
 * the training stream and held-out set, and the held-out size.
 */
public record MathTaskConfig(int digits, Set<MathOp> ops, int steps, boolean wordProblems, long seed,
    int heldOutSize) {
  /** Most digits per operand. */
  public static final int MAX_DIGITS = 9;
  /** Most operations per problem. */
  public static final int MAX_STEPS = 8;
  /** Largest held-out set. */
  public static final int MAX_HELD_OUT = 100_000;

  /** Checks every knob against its range and copies the operations into an unmodifiable set. */
  public MathTaskConfig {
    if (digits < 1 || digits > MAX_DIGITS) {
      throw new IllegalArgumentException("math task: digits " + digits + " must be in 1.." + MAX_DIGITS);
    }
    if (ops == null || ops.isEmpty() || ops.contains(null)) {
      throw new IllegalArgumentException("math task: ops " + ops + " must be a non-empty set of "
          + EnumSet.allOf(MathOp.class));
    }
    ops = Collections.unmodifiableSet(EnumSet.copyOf(ops));
    if (steps < 1 || steps > MAX_STEPS) {
      throw new IllegalArgumentException("math task: steps " + steps + " must be in 1.." + MAX_STEPS);
    }
    if (heldOutSize < 0 || heldOutSize > MAX_HELD_OUT) {
      throw new IllegalArgumentException("math task: held-out size " + heldOutSize + " must be in 0.."
          + MAX_HELD_OUT);
    }
  }

  /**
   * The default for a tiny character-level model: two-digit addition and subtraction, one step, no word problems,
   * 200 held-out problems; prompt plus solution stay under 40 characters.
   */
  public static MathTaskConfig defaults(long seed) {
    return new MathTaskConfig(2, EnumSet.of(MathOp.ADD, MathOp.SUB), 1, false, seed, 200);
  }

  /** The largest operand, {@code 10^digits - 1}. */
  public long maxOperand() {
    long m = 1;
    for (int i = 0; i < digits; i++) {
      m *= 10;
    }
    return m - 1;
  }
}
