package org.grpo4j.rl.task;

import java.util.Objects;

/**
 * One task problem: a stable id, the prompt text shown to the policy, the reference its verifier checks against
 * (a gold answer for math, tests as JSON for code), and a worked solution for the SFT warm start (or null).
 */
public record Problem(String id, String prompt, String reference, String solution) {
  /** Checks that id, prompt and reference are given. */
  public Problem {
    Objects.requireNonNull(id, "problem id");
    Objects.requireNonNull(prompt, "problem prompt");
    Objects.requireNonNull(reference, "problem reference");
  }
}
