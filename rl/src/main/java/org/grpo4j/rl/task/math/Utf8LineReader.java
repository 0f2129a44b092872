package org.grpo4j.rl.task.math;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.grpo4j.tokenizer.Utf8;

/**
 * {@link LineReader} over bytes: each line is decoded as strict UTF-8 on its own, so a line that is not valid UTF-8
 * is reported (with the bad byte) and reading goes on, and a caller may fail or skip it like any malformed line.
 */
final class Utf8LineReader {
  private final InputStream in;
  private final int maxChars;
  private final long maxBytes;
  private final byte[] buf = new byte[8192];
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private int len;
  private int at;
  private long number;

  Utf8LineReader(InputStream in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
    this.maxBytes = 3L * maxChars + 1; // a UTF-16 char takes at most 3 bytes; + 1: a '\r' before the newline
  }

  /** The next line, or null at the end of the input. */
  LineReader.Line next() throws IOException {
    line.reset();
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (at == len) {
        len = in.read(buf, 0, buf.length);
        at = 0;
        if (len <= 0) {
          len = 0;
          return any ? finish(tooLong) : null;
        }
      }
      any = true;
      int start = at;
      while (at < len && buf[at] != '\n') {
        at++;
      }
      if (!tooLong) {
        if (line.size() + (long) (at - start) > maxBytes) {
          tooLong = true;
          line.reset();
        } else {
          line.write(buf, start, at - start);
        }
      }
      if (at < len) {
        at++;
        return finish(tooLong);
      }
    }
  }

  private LineReader.Line finish(boolean tooLong) {
    number++;
    if (tooLong) {
      return new LineReader.Line(number, null, null);
    }
    byte[] b = line.toByteArray();
    int end = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
    int bad = Utf8.firstInvalid(b, 0, end);
    if (bad >= 0) {
      return new LineReader.Line(number, null, String.format(Locale.ROOT,
          "line is not valid UTF-8 (malformed byte 0x%02X at byte offset %d of the line)", b[bad] & 0xFF, bad));
    }
    String text = new String(b, 0, end, StandardCharsets.UTF_8);
    return new LineReader.Line(number, text.length() > maxChars ? null : text, null);
  }
}
