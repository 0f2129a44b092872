package org.grpo4j.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written scanner equivalent to GPT-2's pre-tokenization regex
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} with Unicode {@code \s}
 * (the White_Space property, as {@link java.util.regex.Pattern#UNICODE_CHARACTER_CLASS} defines it).
 *
 * <p>It allocates nothing and reports pieces as end indices; {@link RegexPreTokenizer} is the slow reference
 * it is tested against.
 */
public final class Gpt2PreTokenizer {

  static final int LETTER = 1;
  static final int NUMBER = 2;
  static final int SPACE = 3;
  static final int OTHER = 4;

  private static final byte[] ASCII = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII[c] = (byte) classifySlow(c);
    }
  }

  private Gpt2PreTokenizer() {}

  /** Splits {@code text} into pre-tokens (mainly for tests and tools; encoders use {@link #pieceEnd}). */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int j = pieceEnd(text, i, text.length());
      out.add(text.substring(i, j));
      i = j;
    }
    return out;
  }

  /**
   * Returns the end (exclusive) of the pre-token that starts at {@code i}, treating {@code end} as the end of input.
   *
   * @throws TokenizerException if an unpaired surrogate is met
   */
  public static int pieceEnd(String s, int i, int end) {
    char c = s.charAt(i);
    if (c == '\'' && i + 1 < end) {
      char c1 = s.charAt(i + 1);
      if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') {
        return i + 2;
      }
      if (i + 2 < end) {
        char c2 = s.charAt(i + 2);
        if (((c1 == 'r' || c1 == 'v') && c2 == 'e') || (c1 == 'l' && c2 == 'l')) {
          return i + 3;
        }
      }
    }
    if (c == ' ' && i + 1 < end) {
      int cp1 = codePointAt(s, i + 1, end);
      int k = classify(cp1);
      if (k != SPACE) {
        return runEnd(s, i + 1 + Character.charCount(cp1), end, k);
      }
    }
    int cp = codePointAt(s, i, end);
    int k = classify(cp);
    int j = i + Character.charCount(cp);
    if (k != SPACE) {
      return runEnd(s, j, end, k);
    }
    int lastStart = i;
    while (j < end) {
      int cpj = codePointAt(s, j, end);
      if (classify(cpj) != SPACE) {
        return lastStart > i ? lastStart : j; // \s+(?!\S) gives back the last space, unless only one
      }
      lastStart = j;
      j += Character.charCount(cpj);
    }
    return end;
  }

  private static int runEnd(String s, int j, int end, int k) {
    while (j < end) {
      char c = s.charAt(j);
      if (c < 128) {
        if (ASCII[c] != k) {
          return j;
        }
        j++;
      } else {
        int cp = codePointAt(s, j, end);
        if (classify(cp) != k) {
          return j;
        }
        j += Character.charCount(cp);
      }
    }
    return end;
  }

  /** The code point at {@code i}, rejecting unpaired surrogates. */
  static int codePointAt(String s, int i, int end) {
    char c = s.charAt(i);
    if (!Character.isSurrogate(c)) {
      return c;
    }
    if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
      return Character.toCodePoint(c, s.charAt(i + 1));
    }
    throw new TokenizerException(String.format(
        "text is not valid Unicode: unpaired surrogate U+%04X at index %d", (int) c, i));
  }

  /** The regex class of a code point: {@link #LETTER}, {@link #NUMBER}, {@link #SPACE} or {@link #OTHER}. */
  static int classify(int cp) {
    return cp < 128 ? ASCII[cp] : classifySlow(cp);
  }

  private static int classifySlow(int cp) {
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER:
      case Character.LOWERCASE_LETTER:
      case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
        return LETTER;
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
        return NUMBER;
      case Character.SPACE_SEPARATOR:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return SPACE;
      default:
        return (cp >= 0x9 && cp <= 0xD) || cp == 0x85 ? SPACE : OTHER;
    }
  }
}
