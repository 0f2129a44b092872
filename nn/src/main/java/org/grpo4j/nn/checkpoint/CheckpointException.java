package org.grpo4j.nn.checkpoint;

import java.util.List;

/** A checkpoint that cannot be loaded: missing files, or tensors whose names, shapes or dtypes differ (all listed). */
public final class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  /** A problem with the checkpoint at {@code where}: one entry per difference. */
  public CheckpointException(String where, List<String> problems) {
    super("checkpoint " + where + ": " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** A problem with the checkpoint at {@code where}, caused by {@code cause}. */
  public CheckpointException(String where, String problem, Throwable cause) {
    super("checkpoint " + where + ": " + problem, cause);
    this.problems = List.of(problem);
  }

  /** One description per problem. */
  public List<String> problems() {
    return problems;
  }
}
