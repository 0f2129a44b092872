package org.grpo4j.transformer;

/** A model produced NaN or an infinite value at run time (broken weights or an overflow); names where. */
public final class NonFiniteException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /** {@code where} names the step, sequence and position, {@code value} the first non-finite value. */
  public NonFiniteException(String where, double value) {
    super(where + " is " + value + " (the model's output is not finite: broken weights or an overflow)");
  }
}
