package org.grpo4j.tokenizer;

/** GPT-2's reversible byte-to-unicode mapping: every byte gets a printable, non-whitespace character. */
public final class ByteLevelAlphabet {

  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[512];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      BYTE_TO_CHAR[b] = printable ? (char) b : (char) (256 + n++);
    }
    for (int b = 0; b < 256; b++) {
      CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
    }
  }

  private ByteLevelAlphabet() {}

  /** The character that stands for byte {@code b} (0..255). */
  public static char charOf(int b) {
    if (b < 0 || b > 255) {
      throw new IllegalArgumentException("byte value must be in 0..255, got " + b);
    }
    return BYTE_TO_CHAR[b];
  }

  /** The byte (0..255) that character {@code c} stands for, or -1 if {@code c} is not in the alphabet. */
  public static int byteOf(char c) {
    return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }

  /** Renders bytes as byte-level characters (the form used in vocab.json and merges.txt). */
  public static String encode(byte[] bytes) {
    char[] out = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
    }
    return new String(out);
  }

  /** Turns a byte-level string back into bytes, or returns null if some character is outside the alphabet. */
  public static byte[] decodeOrNull(String token) {
    byte[] out = new byte[token.length()];
    for (int i = 0; i < out.length; i++) {
      int b = byteOf(token.charAt(i));
      if (b < 0) {
        return null;
      }
      out[i] = (byte) b;
    }
    return out;
  }
}
