package org.grpo4j.cli.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A streaming reader of UTF-8 text that decodes it a line at a time, so invalid bytes are an error naming the input
 * and the line, in {@link BoundedLines}' words ("{@code what} line N is not valid UTF-8"), rather than replacement
 * characters or a decoder's bare message; it holds one line, at most {@link BoundedLines#MAX_LINE_BYTES} bytes.
 */
public final class Utf8LineReader extends Reader {
  private final InputStream in;
  private final String what;
  private final byte[] buf = new byte[1 << 16];
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private CharBuffer chars = CharBuffer.allocate(0);
  private int len;
  private int at;
  private long number;
  private boolean end;

  /** Reads {@code in}; {@code what} names it in errors (e.g. "--jsonl file.jsonl", "standard input"). */
  public Utf8LineReader(InputStream in, String what) {
    this.in = in;
    this.what = what;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException naming the line when it is not valid UTF-8 or longer than the limit
   */
  @Override
  public int read(char[] cbuf, int off, int n) throws IOException {
    if (n == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (!nextLine()) {
        return -1;
      }
    }
    int k = Math.min(n, chars.remaining());
    chars.get(cbuf, off, k);
    return k;
  }

  /** Decodes the next line, with its newline, into {@link #chars}; false at the end of the input. */
  private boolean nextLine() throws IOException {
    if (end) {
      return false;
    }
    line.reset();
    while (true) {
      if (at == len) {
        len = Math.max(0, in.read(buf));
        at = 0;
        if (len == 0) {
          end = true;
          if (line.size() == 0) {
            return false;
          }
          decode("");
          return true;
        }
      }
      int start = at;
      while (at < len && buf[at] != '\n') {
        at++;
      }
      append(start, at);
      if (at < len) {
        at++;
        decode("\n");
        return true;
      }
    }
  }

  private void append(int from, int to) {
    if ((long) line.size() + (to - from) > BoundedLines.MAX_LINE_BYTES) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s line %d is longer than %,d bytes (the limit for one line; is the file missing its newlines?)", what,
          number + 1, BoundedLines.MAX_LINE_BYTES));
    }
    line.write(buf, from, to - from);
  }

  private void decode(String newline) {
    number++;
    try {
      chars = CharBuffer.wrap(decoder.decode(ByteBuffer.wrap(line.toByteArray())).toString() + newline);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " line " + number + " is not valid UTF-8");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
