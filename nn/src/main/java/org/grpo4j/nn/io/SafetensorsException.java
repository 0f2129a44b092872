package org.grpo4j.nn.io;

import java.nio.file.Path;

/** Thrown when a safetensors file or the tensors to write break the format; the message names the file and the problem. */
public final class SafetensorsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  /** A format error in {@code file} (may be null when no file is involved), described by {@code problem}. */
  public SafetensorsException(Path file, String problem) {
    super((file == null ? "safetensors" : "safetensors file " + file) + ": " + problem);
    this.file = file;
  }

  /** Same as {@link #SafetensorsException(Path, String)} with the underlying {@code cause}. */
  public SafetensorsException(Path file, String problem, Throwable cause) {
    this(file, problem);
    initCause(cause);
  }

  /** The file the problem was found in, or null. */
  public Path file() {
    return file;
  }
}
