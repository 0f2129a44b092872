package org.grpo4j.autograd;

/** Thrown when an op receives shapes, dtypes or indices it cannot work with; the message names them. */
public final class ShapeException extends IllegalArgumentException {
  /** Creates the exception with a message naming the op, the values involved and what was expected. */
  public ShapeException(String message) {
    super(message);
  }
}
