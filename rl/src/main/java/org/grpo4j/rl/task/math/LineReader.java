package org.grpo4j.rl.task.math;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines ({@code \n} or {@code \r\n}) with a cap on their length: an over-long line is consumed to its end
 * and reported with a null text, so a caller may fail or skip it without ever holding more than the cap.
 */
final class LineReader {
  /**
   * One line: its 1-based number and its text, or null text when it was longer than the cap or, then with
   * {@code invalid} saying so, not valid UTF-8 ({@link Utf8LineReader}).
   */
  record Line(long number, String text, String invalid) {}

  private final Reader in;
  private final int maxChars;
  private final char[] buf = new char[8192];
  private int len;
  private int at;
  private long number;

  LineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line, or null at the end of the input. */
  Line next() throws IOException {
    StringBuilder b = new StringBuilder();
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (at == len) {
        len = in.read(buf, 0, buf.length);
        at = 0;
        if (len <= 0) {
          len = 0;
          return any ? finish(b, tooLong) : null;
        }
      }
      any = true;
      int start = at;
      while (at < len && buf[at] != '\n') {
        at++;
      }
      if (!tooLong) {
        b.append(buf, start, at - start);
        if (b.length() > maxChars + 1) { // + 1: a '\r' before the newline does not count
          tooLong = true;
          b.setLength(0);
        }
      }
      if (at < len) {
        at++;
        return finish(b, tooLong);
      }
    }
  }

  private Line finish(StringBuilder b, boolean tooLong) {
    number++;
    if (!tooLong && b.length() > 0 && b.charAt(b.length() - 1) == '\r') {
      b.setLength(b.length() - 1);
    }
    return new Line(number, tooLong || b.length() > maxChars ? null : b.toString(), null);
  }
}
