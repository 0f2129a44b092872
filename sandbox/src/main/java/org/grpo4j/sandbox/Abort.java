package org.grpo4j.sandbox;

/**
 * Thrown inside the interpreter when a limit is hit. It is an {@link Error}, not an exception, so that Rhino runs
 * no JavaScript {@code catch} or {@code finally} block on its way out: a program cannot catch or outlast it.
 */
final class Abort extends Error {
  private static final long serialVersionUID = 1L;
  private final Status status;

  Abort(Status status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  Status status() {
    return status;
  }
}
