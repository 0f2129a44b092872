package org.grpo4j.tokenizer;

/**
 * SentencePiece-style space marking: spaces become {@code replacement} (U+2581 "▁"), a replacement is put in front of
 * a segment as {@code scheme} says, and with {@code split} every replacement starts a new piece. {@code unconditional}
 * is the legacy Llama 2 form (normalizer Prepend + Replace): every segment gets the replacement, even one that already
 * starts with it.
 */
public record MetaspaceSplitter(char replacement, PrependScheme scheme, boolean split, boolean unconditional) {

  /** The usual replacement, U+2581 LOWER ONE EIGHTH BLOCK. */
  public static final char LOWER_ONE_EIGHTH_BLOCK = '\u2581';

  /** Validates that the scheme is given and the replacement is not a space or a surrogate. */
  public MetaspaceSplitter {
    if (scheme == null) {
      throw new IllegalArgumentException("prepend scheme must be non-null");
    }
    if (replacement == ' ' || Character.isSurrogate(replacement)) {
      throw new IllegalArgumentException(String.format("replacement U+%04X cannot be a space or a surrogate; "
          + "expected a character such as U+2581", (int) replacement));
    }
  }

  /**
   * Writes the marked form of {@code s[from, to)} into {@code buf} (at least {@code to - from + 1} long) and returns
   * its length; {@code atStart} says whether the segment begins the whole text.
   */
  int mark(String s, int from, int to, boolean atStart, char[] buf) {
    int n = 0;
    char first = s.charAt(from);
    boolean marked = first == ' ' || first == replacement;
    boolean prepend = switch (scheme) {
      case ALWAYS -> unconditional || !marked;
      case FIRST -> atStart && (unconditional || !marked);
      case NEVER -> false;
    };
    if (prepend) {
      buf[n++] = replacement;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      buf[n++] = c == ' ' ? replacement : c;
    }
    return n;
  }

  /** The end of the piece of {@code buf[0, n)} that starts at {@code i < n}. */
  int pieceEnd(char[] buf, int i, int n) {
    if (!split) {
      return n;
    }
    int j = i + 1;
    while (j < n && buf[j] != replacement) {
      j++;
    }
    return j;
  }
}
