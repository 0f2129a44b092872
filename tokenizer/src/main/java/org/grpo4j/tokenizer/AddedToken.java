package org.grpo4j.tokenizer;

/**
 * A token matched in raw text before pre-tokenization. A {@code special} token (like {@code <|endoftext|>}) is
 * recognised only under {@link SpecialTokenPolicy#ALLOW}; a non-special added token is always recognised.
 */
public record AddedToken(String content, int id, boolean special) {

  /** Validates that the content is non-empty and the id non-negative. */
  public AddedToken {
    if (content == null || content.isEmpty()) {
      throw new IllegalArgumentException("added token content must be non-empty, got " + content);
    }
    if (id < 0) {
      throw new IllegalArgumentException("added token id must be non-negative, got " + id + " for " + content);
    }
  }
}
