package org.grpo4j.rl.task.math;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

/**
 * The library side of {@code grpo4j verify math}: reads JSONL lines {@code {"completion": ..., "gold": ...}} and
 * writes one line {@code {"reward": 1.0, "extracted": "42", "status": "correct"}} per input line.
 */
public final class MathVerifyJsonl {
  /** Longest input line accepted, in characters. */
  public static final int MAX_LINE_CHARS = 1 << 20;

  private MathVerifyJsonl() {}

  /** {@link #process(Reader, Writer, String)} with the source named {@code input}. */
  public static VerifySummary process(Reader in, Writer out) throws IOException {
    return process(in, out, "input");
  }

  /**
   * Verifies every line of {@code in} and writes its result to {@code out} (flushed, not closed); blank lines are
   * skipped. A line that is not a JSON object with string fields {@code completion} and {@code gold}, or is longer
   * than {@link #MAX_LINE_CHARS}, stops the run with a {@link MalformedLineException} naming {@code source} and the
   * line number; results of the lines before it have been written.
   */
  public static VerifySummary process(Reader in, Writer out, String source) throws IOException {
    LineReader lines = new LineReader(in, MAX_LINE_CHARS);
    VerifySummary summary = new VerifySummary(0, 0, 0, 0);
    for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
      if (line.text() == null) {
        throw JsonLines.tooLong(source, line.number(), MAX_LINE_CHARS, "completion", "gold");
      }
      if (line.text().isBlank()) {
        continue;
      }
      String[] f = JsonLines.strings(line.text(), source, line.number(), "completion", "gold");
      MathVerdict v = MathVerifier.verify(f[0], f[1]);
      out.write(toJson(v));
      out.write('\n');
      summary = summary.plus(v.status());
    }
    out.flush();
    return summary;
  }

  /** One verdict as a single-line JSON object with fields reward, extracted (null when none) and status. */
  public static String toJson(MathVerdict v) {
    ObjectNode o = JsonLines.MAPPER.createObjectNode();
    o.put("reward", v.reward());
    o.put("extracted", v.extracted());
    o.put("status", v.status().word());
    return o.toString();
  }
}
