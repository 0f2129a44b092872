package org.grpo4j.tokenizer;

/** When a Metaspace pre-tokenizer puts its replacement character in front of a text segment (Hugging Face names). */
public enum PrependScheme {
  /** Every segment between added tokens that does not already start with the replacement. */
  ALWAYS,
  /** Only the segment at the very start of the text (not one that follows an added token). */
  FIRST,
  /** Never. */
  NEVER;

  /** The scheme named by a tokenizer.json {@code prepend_scheme} value ("always", "first", "never"). */
  public static PrependScheme parse(String json) {
    for (PrependScheme p : values()) {
      if (p.name().equalsIgnoreCase(json)) {
        return p;
      }
    }
    throw new TokenizerException("prepend_scheme '" + json + "' is not one of always, first, never");
  }
}
