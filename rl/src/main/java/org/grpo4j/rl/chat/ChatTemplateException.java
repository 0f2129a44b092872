package org.grpo4j.rl.chat;

/** A chat template that is missing, malformed, raised an exception, or ran past its limits (a one-line message). */
public final class ChatTemplateException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message; line breaks are folded so the message stays on one line. */
  public ChatTemplateException(String message) {
    super(message.replaceAll("\\s*[\\r\\n]+\\s*", " "));
  }
}
