package org.grpo4j.tokenizer;

/** How {@link Tokenizer#encode(String, SpecialTokenPolicy)} treats special-token text such as {@code <|endoftext|>}. */
public enum SpecialTokenPolicy {
  /** Special-token text is ordinary text and is split and merged like any other text (the safe default). */
  AS_TEXT,
  /** Special-token text is recognised and encoded as the special token's single id. */
  ALLOW,
  /** Special-token text in the input is an error: a {@link TokenizerException} names the token and its index. */
  REJECT
}
