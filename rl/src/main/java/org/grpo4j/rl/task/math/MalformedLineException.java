package org.grpo4j.rl.task.math;

/** A line of a JSONL input that is not what was expected; the message names the source, the line and the problem. */
public final class MalformedLineException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;

  /** A complaint about line {@code line} (1-based) of {@code source}: {@code "<source>:<line>: <problem>"}. */
  public MalformedLineException(String source, long line, String problem) {
    super(source + ":" + line + ": " + problem);
    this.source = source;
    this.line = line;
  }

  /** The file name or other label of the input. */
  public String source() {
    return source;
  }

  /** The 1-based number of the bad line. */
  public long line() {
    return line;
  }
}
