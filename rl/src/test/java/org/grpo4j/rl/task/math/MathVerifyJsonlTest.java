package org.grpo4j.rl.task.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The JSONL verification entry point: one output line per input line, and malformed lines named by number. */
class MathVerifyJsonlTest {
  @Test
  void writesOneResultPerLineAndCountsStatuses() throws IOException {
    String in = "{\"completion\": \"so #### 68\", \"gold\": \"68\"}\n"
        + "\n"
        + "{\"gold\": \"#### 5\", \"completion\": \"the answer is 6\", \"extra\": 1}\r\n"
        + "{\"completion\": \"no idea\", \"gold\": \"7\"}\n"
        + "{\"completion\": \"\\\\boxed{3}\", \"gold\": \"three\"}";
    StringWriter out = new StringWriter();
    VerifySummary s = MathVerifyJsonl.process(new StringReader(in), out);
    assertEquals(new VerifySummary(1, 1, 1, 1), s);
    assertEquals(4, s.total());
    assertEquals(0.25, s.accuracy());
    assertEquals("{\"reward\":1.0,\"extracted\":\"68\",\"status\":\"correct\"}\n"
        + "{\"reward\":0.0,\"extracted\":\"6\",\"status\":\"wrong\"}\n"
        + "{\"reward\":0.0,\"extracted\":null,\"status\":\"no_answer\"}\n"
        + "{\"reward\":0.0,\"extracted\":\"3\",\"status\":\"unparseable_gold\"}\n", out.toString());
  }

  @Test
  void emptyInputGivesAnEmptySummary() throws IOException {
    StringWriter out = new StringWriter();
    assertEquals(0, MathVerifyJsonl.process(new StringReader(""), out).total());
    assertEquals("", out.toString());
  }

  private static MalformedLineException bad(String secondLine) {
    String in = "{\"completion\": \"#### 1\", \"gold\": \"1\"}\n" + secondLine + "\n";
    StringWriter out = new StringWriter();
    MalformedLineException e = assertThrows(MalformedLineException.class,
        () -> MathVerifyJsonl.process(new StringReader(in), out, "preds.jsonl"));
    assertEquals(2, e.line());
    assertEquals("preds.jsonl", e.source());
    assertTrue(e.getMessage().startsWith("preds.jsonl:2: "), e.getMessage());
    assertTrue(e.getMessage().contains("expected a JSON object with string fields \"completion\" and \"gold\""),
        e.getMessage());
    assertEquals(1, out.toString().lines().count(), "the good first line was written");
    return e;
  }

  @Test
  void badJsonIsNamedWithItsLineNumber() {
    assertTrue(bad("{\"completion\": \"x\", ").getMessage().contains("not valid JSON"));
    assertTrue(bad("{\"completion\": \"x\", \"gold\": \"1\"} trailing").getMessage().contains("not valid JSON"));
  }

  @Test
  void missingFieldIsNamed() {
    assertTrue(bad("{\"completion\": \"x\"}").getMessage().contains("missing field \"gold\""));
  }

  @Test
  void wrongTypesAreNamed() {
    assertTrue(bad("{\"completion\": \"x\", \"gold\": 42}").getMessage().contains("field \"gold\" is a number"));
    assertTrue(bad("{\"completion\": null, \"gold\": \"1\"}").getMessage().contains("\"completion\" is a null"));
    assertTrue(bad("[1, 2]").getMessage().contains("got a JSON array"));
  }

  @Test
  void overLongLinesAreRefusedWithTheLimit() {
    String huge = "{\"completion\": \"" + "x".repeat(MathVerifyJsonl.MAX_LINE_CHARS) + "\", \"gold\": \"1\"}";
    assertTrue(bad(huge).getMessage().contains("longer than " + MathVerifyJsonl.MAX_LINE_CHARS + " characters"));
  }
}
