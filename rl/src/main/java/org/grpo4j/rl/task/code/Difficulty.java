package org.grpo4j.rl.task.code;

/** How hard generated function problems are. */
public enum Difficulty {
  /** One arithmetic expression, spelled out in the comment: {@code // add(a, b): return a + b}. */
  EASY,
  /** One expression or condition described in words, with examples. */
  MEDIUM,
  /** A loop over an array, a string or a range, described in words, with examples. */
  HARD
}
