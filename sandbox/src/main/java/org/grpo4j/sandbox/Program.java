package org.grpo4j.sandbox;

import java.util.Objects;

/** One program to run: JavaScript source, its tests, its limits, and the seed of its {@code Math.random}. */
public record Program(String source, TestSpec tests, Limits limits, long seed) {
  /** Checks that source, tests and limits are given. */
  public Program {
    Objects.requireNonNull(source, "program source");
    Objects.requireNonNull(tests, "program tests");
    Objects.requireNonNull(limits, "program limits");
  }

  /** A program with the default limits and seed 0. */
  public static Program of(String source, TestSpec tests) {
    return new Program(source, tests, Limits.defaults(), 0L);
  }
}
