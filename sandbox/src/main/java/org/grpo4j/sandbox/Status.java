package org.grpo4j.sandbox;

import java.util.Arrays;
import java.util.Locale;

/** How a sandboxed program ended; {@link #word()} is the lower-case name used in JSON and scores. */
public enum Status {
  /** Every test passed. */
  PASSED,
  /** The program ran, and some test did not pass. */
  FAILED,
  /** The program (not its tests) does not parse. */
  SYNTAX_ERROR,
  /** The program threw an exception that was not a failed assertion. */
  RUNTIME_ERROR,
  /** The program ran past its wall-clock limit. */
  TIMEOUT,
  /** The program executed more instructions than allowed. */
  INSTRUCTION_LIMIT,
  /** The program used more memory than allowed. */
  MEMORY_LIMIT,
  /** The program printed more bytes than allowed. */
  OUTPUT_LIMIT,
  /** The sandbox itself failed: bad tests, a worker that crashed or could not start. */
  SANDBOX_ERROR;

  /** The lower-case word for this status ({@code instruction_limit}). */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the status means a resource limit cut the program short. */
  public boolean isLimit() {
    return this == TIMEOUT || this == INSTRUCTION_LIMIT || this == MEMORY_LIMIT || this == OUTPUT_LIMIT;
  }

  /** The status for a lower-case word. */
  public static Status fromWord(String word) {
    for (Status s : values()) {
      if (s.word().equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException("status '" + word + "' is not one of "
        + Arrays.stream(values()).map(Status::word).toList());
  }
}
