package org.grpo4j.sandbox;

import java.util.Objects;

/**
 * The outcome of one program: its reward in [0, 1] (the fraction of tests passed), its status, the passed and
 * total test counts, a short message (empty when there is nothing to say) and the captured console output.
 */
public record SandboxResult(double reward, Status status, int passed, int total, String message, String output) {
  /** Checks the reward range, the counts and that status, message and output are given. */
  public SandboxResult {
    if (!(reward >= 0.0 && reward <= 1.0)) {
      throw new IllegalArgumentException("sandbox result: reward " + reward + " must be in [0, 1]");
    }
    Objects.requireNonNull(status, "status");
    if (total < 0 || passed < 0 || passed > total) {
      throw new IllegalArgumentException("sandbox result: passed " + passed + " of " + total + " is not a count");
    }
    message = message == null ? "" : message;
    output = output == null ? "" : output;
  }

  /** A result with no test passed: reward 0 and the given status and message. */
  public static SandboxResult failure(Status status, int total, String message) {
    return new SandboxResult(0.0, status, 0, total, message, "");
  }

  /** Whether every test passed. */
  public boolean solved() {
    return status == Status.PASSED;
  }
}
