package org.grpo4j.cli.check;

/** What a command may do with a result already in its output location. */
public enum ExistingOutput {
  /** An existing result is an error: the user must say --overwrite (or --resume). */
  REFUSE,
  /** The user passed --overwrite: the result is replaced. */
  REPLACE,
  /** The user passed --resume: the result is continued. */
  CONTINUE;

  /** REPLACE when {@code overwrite}, CONTINUE when {@code resume}, else REFUSE. */
  public static ExistingOutput of(boolean overwrite, boolean resume) {
    return resume ? CONTINUE : overwrite ? REPLACE : REFUSE;
  }
}
