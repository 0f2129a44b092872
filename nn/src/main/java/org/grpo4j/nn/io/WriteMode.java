package org.grpo4j.nn.io;

/** What {@link AtomicFiles} does when the target file already exists. */
public enum WriteMode {
  /** Atomically replace an existing file (readers see either the old or the new content, never a mix). */
  REPLACE,
  /** Refuse to write when the target exists, with a {@link java.nio.file.FileAlreadyExistsException}. */
  CREATE_NEW
}
