package org.grpo4j.tokenizer;

import static org.grpo4j.tokenizer.Gpt2PreTokenizer.LETTER;
import static org.grpo4j.tokenizer.Gpt2PreTokenizer.NUMBER;
import static org.grpo4j.tokenizer.Gpt2PreTokenizer.OTHER;
import static org.grpo4j.tokenizer.Gpt2PreTokenizer.SPACE;

/**
 * Hand-written scanner equivalent to the Split regex of Qwen2/Qwen3's tokenizer.json, {@link #REGEX}, with
 * {@link java.util.regex.Pattern#UNICODE_CHARACTER_CLASS} semantics (a piece per match, behavior Isolated). It
 * allocates nothing; {@link PieceSplitter#isolated(String)} on the same regex is the reference it is tested against.
 */
final class Qwen2PreTokenizer {

  /** The regex this scanner implements, exactly as Qwen2's tokenizer.json writes it. */
  static final String REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
      + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  private Qwen2PreTokenizer() {}

  /** The end of the piece of {@code s[i, end)} that starts at {@code i}; unpaired surrogates are an error. */
  static int pieceEnd(String s, int i, int end) {
    int c = Gpt2PreTokenizer.codePointAt(s, i, end);
    int n = Character.charCount(c);
    if (c == '\'' && i + 1 < end) {
      int k = contraction(s, i + 1, end);
      if (k > 0) {
        return k;
      }
    }
    int cls = Gpt2PreTokenizer.classify(c);
    if (cls == LETTER) {
      return letters(s, i + n, end);
    }
    if (cls == NUMBER) {
      return i + n;
    }
    if (c != '\r' && c != '\n' && i + n < end
        && Gpt2PreTokenizer.classify(Gpt2PreTokenizer.codePointAt(s, i + n, end)) == LETTER) {
      return letters(s, i + n, end);
    }
    int k = cls == OTHER ? i : c == ' ' && i + 1 < end
        && Gpt2PreTokenizer.classify(Gpt2PreTokenizer.codePointAt(s, i + 1, end)) == OTHER ? i + 1 : -1;
    if (k >= 0) {
      while (k < end) {
        int d = Gpt2PreTokenizer.codePointAt(s, k, end);
        if (Gpt2PreTokenizer.classify(d) != OTHER) {
          break;
        }
        k += Character.charCount(d);
      }
      while (k < end && (s.charAt(k) == '\r' || s.charAt(k) == '\n')) {
        k++;
      }
      return k;
    }
    // cls == SPACE: \s*[\r\n]+ | \s+(?!\S) | \s+ (every White_Space character is a single char)
    int w = i;
    int lastNewline = -1;
    while (w < end && Gpt2PreTokenizer.classify(s.charAt(w)) == SPACE) {
      if (s.charAt(w) == '\r' || s.charAt(w) == '\n') {
        lastNewline = w;
      }
      w++;
    }
    if (lastNewline >= 0) {
      return lastNewline + 1;
    }
    return w == end || w - i == 1 ? w : w - 1;
  }

  private static int letters(String s, int k, int end) {
    while (k < end) {
      int d = Gpt2PreTokenizer.codePointAt(s, k, end);
      if (Gpt2PreTokenizer.classify(d) != LETTER) {
        break;
      }
      k += Character.charCount(d);
    }
    return k;
  }

  /** The end of {@code 's|'t|'re|'ve|'m|'ll|'d} (any case) after the apostrophe at {@code k - 1}, or -1. */
  private static int contraction(String s, int k, int end) {
    char a = s.charAt(k);
    if (is(a, 's') || is(a, 't') || is(a, 'm') || is(a, 'd')) {
      return k + 1;
    }
    if (k + 1 < end) {
      char b = s.charAt(k + 1);
      if ((is(a, 'r') || is(a, 'v')) && is(b, 'e') || is(a, 'l') && is(b, 'l')) {
        return k + 2;
      }
    }
    return -1;
  }

  /** Case-insensitive match as java.util.regex does it with UNICODE_CASE. */
  private static boolean is(char c, char lower) {
    return c == lower || Character.toUpperCase(c) == Character.toUpperCase(lower)
        || Character.toLowerCase(c) == lower;
  }
}
