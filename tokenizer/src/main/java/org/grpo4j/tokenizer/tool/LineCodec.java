package org.grpo4j.tokenizer.tool;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.tokenizer.TokenizerException;
import org.grpo4j.tokenizer.Utf8;

/**
 * Line-oriented encoding and decoding of streams, the logic behind {@code grpo4j tokenize}.
 *
 * <p>Encoding splits the input on {@code "\n"} only (a {@code "\r"} stays part of its line) and writes, for each
 * piece including the possibly empty piece after the last newline, its ids separated by single spaces and
 * followed by {@code "\n"}. Decoding reads {@code "\n"}-terminated lines of ids and writes their texts joined by
 * {@code "\n"}, so decoding the output of encoding restores the input byte for byte. A line may have at most
 * {@link #MAX_LINE_BYTES} bytes; a longer (or endless) one is an error naming it.
 */
public final class LineCodec {
  /** Longest line encoded or decoded: 16 MiB. */
  public static final int MAX_LINE_BYTES = 16 << 20;

  private LineCodec() {}

  /**
   * Encodes each line of {@code in}; {@code inputName} names the input in errors.
   *
   * @return the number of lines encoded
   * @throws TokenizerException if a line is not valid UTF-8 (naming the line) or cannot be encoded
   */
  public static long encode(Tokenizer tokenizer, SpecialTokenPolicy policy, InputStream in, String inputName,
      OutputStream out) {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    long[] count = {0};
    forEachLine(in, inputName, true, (line, number) -> {
      int[] ids;
      try {
        ids = tokenizer.encode(line, policy);
      } catch (TokenizerException e) {
        throw new TokenizerException(inputName + " line " + number + ": " + e.getMessage(), e);
      }
      StringBuilder sb = new StringBuilder(ids.length * 6 + 1);
      for (int k = 0; k < ids.length; k++) {
        if (k > 0) {
          sb.append(' ');
        }
        sb.append(ids[k]);
      }
      write(w, sb.append('\n'));
      count[0]++;
    });
    flush(w);
    return count[0];
  }

  /**
   * Decodes each line of space-separated ids in {@code in} and writes the texts joined by {@code "\n"}.
   *
   * @return the number of lines decoded
   * @throws TokenizerException naming the line for a malformed id, an id outside the vocabulary or invalid UTF-8
   */
  public static long decode(Tokenizer tokenizer, InputStream in, String inputName, OutputStream out) {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    long[] count = {0};
    forEachLine(in, inputName, false, (line, number) -> {
      String text;
      try {
        text = tokenizer.decode(parseIds(line));
      } catch (TokenizerException e) {
        throw new TokenizerException(inputName + " line " + number + ": " + e.getMessage(), e);
      }
      write(w, count[0] == 0 ? text : "\n" + text);
      count[0]++;
    });
    flush(w);
    return count[0];
  }

  /** Parses one line of ids separated by spaces (runs of spaces and a trailing "\r" are tolerated). */
  public static int[] parseIds(String line) {
    String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    s = s.strip();
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(" +");
    int[] ids = new int[parts.length];
    for (int k = 0; k < parts.length; k++) {
      try {
        ids[k] = Integer.parseInt(parts[k]);
      } catch (NumberFormatException e) {
        throw new TokenizerException("'" + parts[k] + "' is not a token id; expected a non-negative integer");
      }
    }
    return ids;
  }

  /**
   * Opens an input file for {@link #encode} or {@link #decode}.
   *
   * @throws TokenizerException naming the file if it is missing or unreadable
   */
  public static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new TokenizerException("input file not found: " + file, e);
    } catch (IOException e) {
      throw new TokenizerException("cannot read input file " + file + ": " + e, e);
    }
  }

  /** Receives one line and its 1-based number. */
  private interface LineSink {
    void accept(String line, long number);
  }

  private static void forEachLine(InputStream in, String inputName, boolean keepLastPiece, LineSink sink) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    long number = 0;
    try (InputStream bin = new BufferedInputStream(in, 1 << 16)) {
      byte[] chunk = new byte[1 << 16];
      int n;
      while ((n = bin.read(chunk)) > 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n') {
            checkLength(buf, i - start, inputName, number + 1);
            buf.write(chunk, start, i - start);
            sink.accept(line(buf, inputName, ++number), number);
            buf.reset();
            start = i + 1;
          }
        }
        checkLength(buf, n - start, inputName, number + 1);
        buf.write(chunk, start, n - start);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + inputName + ": " + e.getMessage(), e);
    }
    if (keepLastPiece || buf.size() > 0) {
      sink.accept(line(buf, inputName, ++number), number);
    }
  }

  private static void checkLength(ByteArrayOutputStream buf, int more, String inputName, long number) {
    if ((long) buf.size() + more > MAX_LINE_BYTES) {
      throw new TokenizerException(inputName + " line " + number + " is longer than " + MAX_LINE_BYTES
          + " bytes, the limit for one line (is the input missing its newlines?)");
    }
  }

  private static String line(ByteArrayOutputStream buf, String inputName, long number) {
    byte[] b = buf.toByteArray();
    return Utf8.decodeStrict(b, 0, b.length, inputName + " line " + number);
  }

  private static void write(Writer w, CharSequence s) {
    try {
      w.append(s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write output: " + e.getMessage(), e);
    }
  }

  private static void flush(Writer w) {
    try {
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write output: " + e.getMessage(), e);
    }
  }
}
