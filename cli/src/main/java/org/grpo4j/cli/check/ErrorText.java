package org.grpo4j.cli.check;

import java.io.UncheckedIOException;
import org.grpo4j.nn.io.IoErrors;

/** Turns any failure into the one line a user reads: the message, the cause an I/O error hides, no stack trace. */
public final class ErrorText {
  /** Longest line printed; longer messages are cut with a note. */
  static final int MAX_CHARS = 2000;

  private ErrorText() {}

  /** One line describing {@code t}: "error: ..." without the prefix. */
  public static String of(Throwable t) {
    String text;
    if (t instanceof OutOfMemoryError) {
      text = "out of memory (" + t.getMessage() + "): the input is too large for this JVM; raise -Xmx with"
          + " GRPO4J_JAVA_OPTS=-Xmx16g or use smaller sizes";
    } else if (t instanceof StackOverflowError) {
      text = "the input is nested too deeply (stack overflow)";
    } else if (t instanceof UncheckedIOException u && u.getCause() != null) {
      text = withCause(u.getMessage(), u.getCause());
    } else if (t instanceof java.io.IOException io) {
      text = IoErrors.reason(io);
    } else if (t.getMessage() == null || t.getMessage().isBlank()) {
      text = t.getClass().getSimpleName() + (t.getCause() != null ? ": " + of(t.getCause()) : "");
    } else {
      text = t.getMessage();
    }
    String line = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS) + "... (" + line.length() + " chars)";
  }

  private static String withCause(String message, Throwable cause) {
    String c = IoErrors.reason(cause);
    return message != null && message.contains(c) ? message : (message == null ? c : message + " (" + c + ")");
  }
}
