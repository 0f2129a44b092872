package org.grpo4j.rl.task.math;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.grpo4j.rl.task.Problem;

/**
 * Loads math datasets from JSONL (UTF-8, one object per line, blank lines ignored, at most
 * {@link #MAX_LINE_CHARS} characters a line; from a file, a line that is not valid UTF-8 is malformed): GSM8K style
 * {@code {"question", "answer"}} with the answer ending in {@code #### n}, and MATH style
 * {@code {"problem", "solution"}} with the answer in the solution's last <code>\boxed{...}</code>. Prompts are
 * {@code Q: <question>\nA:}; ids are {@code <source>:<line>}.
 */
public final class MathDatasets {
  /** Longest line accepted, in characters. */
  public static final int MAX_LINE_CHARS = 1 << 20;

  /** Turns the string fields of one line into a problem, or throws with what is wrong (without the position). */
  private interface LineParser {
    Problem parse(String id, String[] fields);
  }

  /** Lines of the input, one at a time. */
  private interface Lines {
    LineReader.Line next() throws IOException;
  }

  /** A complaint about one line's content, positioned by the caller. */
  private static final class BadContent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadContent(String message) {
      super(message, null, false, false);
    }
  }

  private MathDatasets() {}

  /** GSM8K-style problems from {@code file}; reference = the final {@code ####} answer. */
  public static LoadedProblems loadGsm8k(Path file, MalformedLines mode) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return gsm8k(new Utf8LineReader(in, MAX_LINE_CHARS)::next, file.getFileName().toString(), mode);
    }
  }

  /** MATH-style problems from {@code file}; reference = the last boxed answer (exact numbers only). */
  public static LoadedProblems loadMath(Path file, MalformedLines mode) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return math(new Utf8LineReader(in, MAX_LINE_CHARS)::next, file.getFileName().toString(), mode);
    }
  }

  /**
   * GSM8K-style problems from {@code in}, named {@code source} in ids and errors; the solution is the answer text
   * without GSM8K's {@code <<...>>} calculator annotations, after a space.
   */
  public static LoadedProblems readGsm8k(Reader in, String source, MalformedLines mode) throws IOException {
    return gsm8k(new LineReader(in, MAX_LINE_CHARS)::next, source, mode);
  }

  private static LoadedProblems gsm8k(Lines in, String source, MalformedLines mode) throws IOException {
    return read(in, source, mode, new String[] {"question", "answer"}, (id, f) -> {
      String gold = AnswerExtractor.afterLastHashes(f[1]);
      if (gold == null || gold.isEmpty()) {
        throw new BadContent("field \"answer\" has no final '#### <number>', expected GSM8K's answer format");
      }
      requireExact(gold, "final answer");
      return new Problem(id, GeneratedProblem.prompt(f[0]), gold, " " + stripCalculatorAnnotations(f[1]));
    });
  }

  /**
   * MATH-style problems from {@code in}, named {@code source} in ids and errors; lines whose boxed answer is not an
   * exact number (symbolic answers) are malformed, so load the real MATH set with {@link MalformedLines#SKIP}.
   */
  public static LoadedProblems readMath(Reader in, String source, MalformedLines mode) throws IOException {
    return math(new LineReader(in, MAX_LINE_CHARS)::next, source, mode);
  }

  private static LoadedProblems math(Lines in, String source, MalformedLines mode) throws IOException {
    return read(in, source, mode, new String[] {"problem", "solution"}, (id, f) -> {
      String gold = AnswerExtractor.lastBoxed(f[1]);
      if (gold == null) {
        throw new BadContent("field \"solution\" has no complete \\boxed{...}, expected the answer boxed");
      }
      requireExact(gold, "boxed answer");
      return new Problem(id, GeneratedProblem.prompt(f[0]), gold, " " + f[1]);
    });
  }

  /** {@code answer} without GSM8K calculator annotations ({@code 48/2 = <<48/2=24>>24} becomes {@code 48/2 = 24}). */
  public static String stripCalculatorAnnotations(String answer) {
    StringBuilder b = new StringBuilder(answer.length());
    int i = 0;
    while (true) {
      int open = answer.indexOf("<<", i);
      int close = open < 0 ? -1 : answer.indexOf(">>", open + 2);
      if (close < 0) {
        return b.append(answer, i, answer.length()).toString();
      }
      b.append(answer, i, open);
      i = close + 2;
    }
  }

  private static void requireExact(String gold, String what) {
    if (MathVerifier.parseGold(gold).isEmpty()) {
      String shown = gold.length() > 80 ? gold.substring(0, 80) + "..." : gold;
      throw new BadContent(what + " '" + shown + "' is not an exact number, expected an integer, decimal or fraction");
    }
  }

  private static LoadedProblems read(Lines lines, String source, MalformedLines mode, String[] fields,
      LineParser parser) throws IOException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(mode, "malformed-lines mode");
    List<Problem> problems = new ArrayList<>();
    int skipped = 0;
    String firstReason = null;
    for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
      if (line.text() != null && line.text().isBlank()) {
        continue;
      }
      try {
        if (line.invalid() != null) {
          throw new MalformedLineException(source, line.number(), line.invalid() + ", expected UTF-8 text");
        }
        if (line.text() == null) {
          throw JsonLines.tooLong(source, line.number(), MAX_LINE_CHARS, fields);
        }
        String[] f = JsonLines.strings(line.text(), source, line.number(), fields);
        try {
          problems.add(parser.parse(source + ":" + line.number(), f));
        } catch (BadContent e) {
          throw new MalformedLineException(source, line.number(), e.getMessage());
        }
      } catch (MalformedLineException e) {
        if (mode == MalformedLines.FAIL) {
          throw e;
        }
        skipped++;
        firstReason = firstReason == null ? e.getMessage() : firstReason;
      }
    }
    return new LoadedProblems(source, problems, skipped, firstReason);
  }
}
