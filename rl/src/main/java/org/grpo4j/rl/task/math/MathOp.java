package org.grpo4j.rl.task.math;

import java.math.BigInteger;

/** An arithmetic operation a generated problem may use; division only ever appears with an exact integer result. */
public enum MathOp {
  /** Addition, {@code +}. */
  ADD('+'),
  /** Subtraction, {@code -}. */
  SUB('-'),
  /** Multiplication, {@code *}. */
  MUL('*'),
  /** Exact division, {@code /}: the generator only divides by divisors. */
  DIV('/');

  private final char symbol;

  MathOp(char symbol) {
    this.symbol = symbol;
  }

  /** The ASCII symbol written in prompts and solutions. */
  public char symbol() {
    return symbol;
  }

  /** Whether this operation binds tighter than addition and subtraction. */
  public boolean multiplicative() {
    return this == MUL || this == DIV;
  }

  /** {@code a op b}; for {@link #DIV}, {@code b} must divide {@code a}. */
  public BigInteger apply(BigInteger a, BigInteger b) {
    return switch (this) {
      case ADD -> a.add(b);
      case SUB -> a.subtract(b);
      case MUL -> a.multiply(b);
      case DIV -> {
        BigInteger[] qr = a.divideAndRemainder(b);
        if (qr[1].signum() != 0) {
          throw new IllegalArgumentException("division " + a + "/" + b + " is not exact");
        }
        yield qr[0];
      }
    };
  }
}
