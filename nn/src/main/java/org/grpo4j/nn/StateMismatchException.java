package org.grpo4j.nn;

import java.util.List;

/** Thrown when saved tensors do not match a module's or optimizer's parameters: names every difference. */
public final class StateMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  /** An exception listing {@code problems}, one per differing tensor. */
  public StateMismatchException(List<String> problems) {
    super("state does not match: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One description per differing tensor. */
  public List<String> problems() {
    return problems;
  }
}
