package org.grpo4j.tokenizer;

/** Unchecked failure of a tokenizer operation: bad files, bad ids, bad input text, or unsupported formats. */
public class TokenizerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the bad value and what was expected. */
  public TokenizerException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public TokenizerException(String message, Throwable cause) {
    super(message, cause);
  }
}
