package org.grpo4j.cli.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.grpo4j.nn.io.IoErrors;

/**
 * Reads UTF-8 text lines with documented limits, so an endless or gigantic line is an error naming the input and the
 * line rather than an exhausted heap: at most {@link #MAX_LINE_BYTES} per line and {@code maxLines} lines.
 */
public final class BoundedLines {
  /** Longest line read: 16 MiB. */
  public static final int MAX_LINE_BYTES = 16 << 20;

  private BoundedLines() {}

  /** Every line of {@code file} ({@code what} names it in errors, e.g. "--data file.jsonl"). */
  public static List<String> read(Path file, String what, int maxLines) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(what + " is a directory; expected a file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, what, MAX_LINE_BYTES, maxLines);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + what + ": " + IoErrors.reason(e));
    }
  }

  /** Every line of {@code in}, each at most {@code maxLineBytes} bytes (without the newline). */
  public static List<String> read(InputStream in, String what, int maxLineBytes, int maxLines) {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            append(line, buf, start, i, what, lines.size() + 1, maxLineBytes);
            add(lines, line, what, maxLines);
            start = i + 1;
          }
        }
        append(line, buf, start, n, what, lines.size() + 1, maxLineBytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + ": " + IoErrors.reason(e), e);
    }
    if (line.size() > 0) {
      add(lines, line, what, maxLines);
    }
    return lines;
  }

  private static void append(ByteArrayOutputStream line, byte[] b, int from, int to, String what, int number,
      int max) {
    if ((long) line.size() + (to - from) > max) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s line %d is longer than %,d bytes (the limit for one line; is the file missing its newlines?)", what,
          number, max));
    }
    line.write(b, from, to - from);
  }

  private static void add(List<String> lines, ByteArrayOutputStream line, String what, int maxLines) {
    if (lines.size() >= maxLines) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has more than %,d lines (the limit)", what,
          maxLines));
    }
    byte[] b = line.toByteArray();
    line.reset();
    int end = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
    try {
      lines.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, end)).toString());
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " line " + (lines.size() + 1) + " is not valid UTF-8");
    }
  }
}
