package org.grpo4j.rl.task.math;

import java.util.Objects;

/** A generated problem before it gets an id: its prompt, worked solution and integer answer. */
record GeneratedProblem(String prompt, String solution, String answer) {
  GeneratedProblem {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(solution, "solution");
    Objects.requireNonNull(answer, "answer");
  }

  /** The {@code Q: ...\nA:} prompt for a question. */
  static String prompt(String question) {
    return "Q: " + question + "\nA:";
  }
}
