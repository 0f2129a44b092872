package org.grpo4j.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Strict UTF-8 validation and file reading whose errors name the file, line and byte offset. */
public final class Utf8 {

  private Utf8() {}

  /** Index of the first byte in {@code b[from, to)} that starts an invalid UTF-8 sequence, or -1 if all valid. */
  public static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int need;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        lo = c == 0xE0 ? 0xA0 : 0x80; // no overlong forms
        hi = c == 0xED ? 0x9F : 0xBF; // no surrogates
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
      } else {
        return i;
      }
      if (i + need >= to) {
        return i;
      }
      int c1 = b[i + 1] & 0xFF;
      if (c1 < lo || c1 > hi) {
        return i;
      }
      for (int k = 2; k <= need; k++) {
        int ck = b[i + k] & 0xFF;
        if (ck < 0x80 || ck > 0xBF) {
          return i;
        }
      }
      i += need + 1;
    }
    return -1;
  }

  /** Decodes valid UTF-8 strictly; {@code what} names the data in the error (for example "line 3 of F"). */
  public static String decodeStrict(byte[] b, int from, int to, String what) {
    int bad = firstInvalid(b, from, to);
    if (bad >= 0) {
      throw new TokenizerException(String.format(
          "%s is not valid UTF-8: malformed byte 0x%02X at byte offset %d", what, b[bad] & 0xFF, bad - from));
    }
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  /**
   * Reads a whole file as strict UTF-8.
   *
   * @param description what the file is, for messages (for example "vocab file")
   * @throws TokenizerException if the file is missing, unreadable or not valid UTF-8 (naming line and offset)
   */
  public static String readFile(Path file, String description) {
    byte[] bytes = readBytes(file, description);
    int bad = firstInvalid(bytes, 0, bytes.length);
    if (bad >= 0) {
      int line = 1;
      for (int k = 0; k < bad; k++) {
        if (bytes[k] == '\n') {
          line++;
        }
      }
      throw new TokenizerException(String.format(
          "%s %s is not valid UTF-8: malformed byte 0x%02X at line %d (byte offset %d)",
          description, file, bytes[bad] & 0xFF, line, bad));
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Throws a TokenizerException naming the first unpaired surrogate of {@code s}, if any. */
  public static void requireValidUnicode(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        Gpt2PreTokenizer.codePointAt(s, i, s.length());
        i++; // a valid pair: skip its low half
      }
    }
  }

  /** Largest file {@link #readBytes} reads: 1 GiB. */
  public static final int MAX_FILE_BYTES = 1 << 30;

  /** Reads a whole file of at most {@link #MAX_FILE_BYTES}; a missing or unreadable file is a TokenizerException. */
  public static byte[] readBytes(Path file, String description) {
    if (Files.isDirectory(file)) {
      throw new TokenizerException(description + " " + file + " is a directory; expected a file");
    }
    try (java.io.InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new TokenizerException(description + " " + file + " is larger than " + MAX_FILE_BYTES
            + " bytes, the limit for one file (an endless stream or a file too large to hold in memory)");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new TokenizerException(description + " not found: " + file, e);
    } catch (IOException e) {
      throw new TokenizerException("cannot read " + description + " " + file + ": " + e, e);
    }
  }
}
