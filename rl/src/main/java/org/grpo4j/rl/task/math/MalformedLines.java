package org.grpo4j.rl.task.math;

/** What a dataset loader does with a malformed line. */
public enum MalformedLines {
  /** Stop with a {@link MalformedLineException} naming the file and line. */
  FAIL,
  /** Skip the line and count it in {@link LoadedProblems#skipped()}. */
  SKIP
}
