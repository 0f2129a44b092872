package org.grpo4j.rl.task.math;

import java.util.List;
import java.util.Objects;
import org.grpo4j.rl.task.Problem;

/**
 * The problems loaded from one source, in file order, with the number of malformed lines skipped and the complaint
 * about the first of them (null when none was skipped).
 */
public record LoadedProblems(String source, List<Problem> problems, int skipped, String firstSkipReason) {
  /** Checks the source and problems are given, the count is not negative and a reason is given exactly if skipped. */
  public LoadedProblems {
    Objects.requireNonNull(source, "source");
    problems = List.copyOf(problems);
    if (skipped < 0 || (skipped == 0) != (firstSkipReason == null)) {
      throw new IllegalArgumentException("loaded problems: " + skipped + " skipped lines with first reason "
          + firstSkipReason + ", expected a reason exactly when lines were skipped");
    }
  }
}
