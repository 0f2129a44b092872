package org.grpo4j.tokenizer;

/** What {@link Tokenizer#decode(int[], InvalidUtf8Policy)} does when the ids' bytes are not valid UTF-8. */
public enum InvalidUtf8Policy {
  /** Throw a {@link TokenizerException} naming the byte offset and the token it falls in. */
  THROW,
  /** Replace each malformed byte sequence by U+FFFD, as a streaming sampler usually wants. */
  REPLACE
}
