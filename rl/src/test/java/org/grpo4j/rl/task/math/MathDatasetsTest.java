package org.grpo4j.rl.task.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.grpo4j.rl.task.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GSM8K and MATH loaders on good and malformed files: fields, golds, solutions, line numbers and skip counts. */
class MathDatasetsTest {
  private static Path resource(String name) throws URISyntaxException {
    return Path.of(MathDatasetsTest.class.getResource("/math/" + name).toURI());
  }

  @Test
  void gsm8kLoadsQuestionsGoldsAndCleanSolutions() throws Exception {
    LoadedProblems l = MathDatasets.loadGsm8k(resource("gsm8k_good.jsonl"), MalformedLines.FAIL);
    assertEquals("gsm8k_good.jsonl", l.source());
    assertEquals(0, l.skipped());
    assertNull(l.firstSkipReason());
    List<Problem> ps = l.problems();
    assertEquals(3, ps.size());
    Problem p = ps.get(0);
    assertEquals("gsm8k_good.jsonl:1", p.id());
    assertTrue(p.prompt().startsWith("Q: Natalia sold clips") && p.prompt().endsWith("April and May?\nA:"));
    assertEquals("72", p.reference());
    assertEquals(" Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altogether in April and May."
        + "\n#### 72", p.solution());
    assertEquals("gsm8k_good.jsonl:3", ps.get(1).id(), "blank line 2 is skipped but counted");
    assertEquals("gsm8k_good.jsonl:4", ps.get(2).id(), "the CRLF line 3 ends where it should");
    assertTrue(ps.get(1).prompt().endsWith("How much did she earn?\nA:"), "no CR left in " + ps.get(1).prompt());
    assertEquals("10", ps.get(1).reference());
    assertEquals("3,600", ps.get(2).reference());
    for (Problem q : ps) {
      assertTrue(MathVerifier.verify(q.solution(), q.reference()).correct(), q.solution());
    }
    assertTrue(MathVerifier.verify("so 3600", ps.get(2).reference()).correct());
  }

  @Test
  void gsm8kFailModeNamesTheFileLineAndExpectation() throws Exception {
    MalformedLineException e = assertThrows(MalformedLineException.class,
        () -> MathDatasets.loadGsm8k(resource("gsm8k_bad.jsonl"), MalformedLines.FAIL));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith("gsm8k_bad.jsonl:2: not valid JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("expected a JSON object with string fields \"question\" and \"answer\""));
  }

  @Test
  void gsm8kSkipModeCountsEveryKindOfMalformedLine() throws Exception {
    LoadedProblems l = MathDatasets.loadGsm8k(resource("gsm8k_bad.jsonl"), MalformedLines.SKIP);
    assertEquals(List.of("gsm8k_bad.jsonl:1", "gsm8k_bad.jsonl:5"), l.problems().stream().map(Problem::id).toList());
    assertEquals(" 1+1=2\n#### 2", l.problems().get(0).solution());
    assertEquals(5, l.skipped()); // bad JSON, missing answer, no ####, numeric question, non-numeric gold
    assertTrue(l.firstSkipReason().startsWith("gsm8k_bad.jsonl:2: "), l.firstSkipReason());
  }

  @Test
  void gsm8kComplaintsPerKind() {
    assertEquals("x:1: missing field \"answer\", expected a JSON object with string fields \"question\" and "
        + "\"answer\"", gsm8kError("{\"question\": \"q\"}"));
    assertTrue(gsm8kError("{\"question\": \"q\", \"answer\": \"4\"}").contains("no final '#### <number>'"));
    assertTrue(gsm8kError("{\"question\": 6, \"answer\": \"#### 6\"}").contains("\"question\" is a number"));
    assertTrue(gsm8kError("{\"question\": \"q\", \"answer\": \"#### 1/0\"}")
        .contains("final answer '1/0' is not an exact number"));
  }

  private static String gsm8kError(String line) {
    return assertThrows(MalformedLineException.class,
        () -> MathDatasets.readGsm8k(new StringReader(line), "x", MalformedLines.FAIL)).getMessage();
  }

  @Test
  void mathLoadsBoxedAnswers() throws Exception {
    LoadedProblems l = MathDatasets.loadMath(resource("math_good.jsonl"), MalformedLines.FAIL);
    assertEquals(List.of("\\frac{5}{6}", "12", "0.25"), l.problems().stream().map(Problem::reference).toList());
    assertTrue(l.problems().get(1).prompt().equals("Q: Compute $\\sqrt{144}$.\nA:"));
    for (Problem q : l.problems()) {
      assertTrue(MathVerifier.verify(q.solution(), q.reference()).correct(), q.solution());
    }
    assertTrue(MathVerifier.verify("#### 1/4", l.problems().get(2).reference()).correct());
  }

  @Test
  void mathMalformedLinesFailOrAreSkipped() throws Exception {
    MalformedLineException e = assertThrows(MalformedLineException.class,
        () -> MathDatasets.loadMath(resource("math_bad.jsonl"), MalformedLines.FAIL));
    assertTrue(e.getMessage().startsWith("math_bad.jsonl:2: field \"solution\" has no complete \\boxed{...}"),
        e.getMessage());
    LoadedProblems l = MathDatasets.loadMath(resource("math_bad.jsonl"), MalformedLines.SKIP);
    assertEquals(List.of("math_bad.jsonl:1", "math_bad.jsonl:6"), l.problems().stream().map(Problem::id).toList());
    assertEquals(4, l.skipped()); // no box, symbolic box, unclosed box, missing "solution"
  }

  @Test
  void overLongLinesAreNamedOrSkippedAndReadingGoesOn() throws IOException {
    String good = "{\"question\": \"q\", \"answer\": \"#### 3\"}";
    String longLine = "{\"question\": \"" + "x".repeat(MathDatasets.MAX_LINE_CHARS) + "\", \"answer\": \"#### 1\"}";
    String in = good + "\n" + longLine + "\n" + good + "\n";
    MalformedLineException e = assertThrows(MalformedLineException.class,
        () -> MathDatasets.readGsm8k(new StringReader(in), "big.jsonl", MalformedLines.FAIL));
    assertTrue(e.getMessage().startsWith("big.jsonl:2: line is longer than 1048576 characters"), e.getMessage());
    LoadedProblems l = MathDatasets.readGsm8k(new StringReader(in), "big.jsonl", MalformedLines.SKIP);
    assertEquals(List.of("big.jsonl:1", "big.jsonl:3"), l.problems().stream().map(Problem::id).toList());
    assertEquals(1, l.skipped());
  }

  @Test
  void aLineThatIsNotUtf8IsNamedOrSkippedAndReadingGoesOn(@TempDir Path dir) throws IOException {
    byte[] good = "{\"question\": \"q\", \"answer\": \"#### 3\"}\n".getBytes(StandardCharsets.UTF_8);
    String badText = "{\"question\": \"qX\", \"answer\": \"#### 3\"}\r\n";
    byte[] bad = badText.getBytes(StandardCharsets.UTF_8);
    bad[badText.indexOf('X')] = (byte) 0xFF; // inside the question: a byte that starts no UTF-8 sequence
    Path file = dir.resolve("latin.jsonl");
    java.nio.file.Files.write(file, concat(good, bad, good));
    MalformedLineException e = assertThrows(MalformedLineException.class,
        () -> MathDatasets.loadGsm8k(file, MalformedLines.FAIL));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith("latin.jsonl:2: line is not valid UTF-8 (malformed byte 0xFF"),
        e.getMessage());
    LoadedProblems l = MathDatasets.loadMath(file, MalformedLines.SKIP); // MATH reads its lines the same way
    assertEquals(3, l.skipped(), "every line lacks MATH's fields, the second is not UTF-8");
    LoadedProblems g = MathDatasets.loadGsm8k(file, MalformedLines.SKIP);
    assertEquals(List.of("latin.jsonl:1", "latin.jsonl:3"), g.problems().stream().map(Problem::id).toList());
    assertEquals(1, g.skipped());
    assertTrue(g.firstSkipReason().contains("not valid UTF-8"), g.firstSkipReason());
    java.nio.file.Files.write(file, concat("{\"question\": \"caf\u00e9 \uD83D\uDE00\", \"answer\": \"#### 3\"}"
        .getBytes(StandardCharsets.UTF_8)));
    assertEquals("Q: caf\u00e9 \uD83D\uDE00\nA:",
        MathDatasets.loadGsm8k(file, MalformedLines.FAIL).problems().get(0).prompt(), "valid UTF-8 is read as is");
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  @Test
  void calculatorAnnotationsAreRemovedLinearly() {
    assertEquals("48/2 = 24 and 3", MathDatasets.stripCalculatorAnnotations("48/2 = <<48/2=24>>24 and <<1+2=3>>3"));
    assertEquals("a <<unclosed", MathDatasets.stripCalculatorAnnotations("a <<unclosed"));
    assertEquals("no marks", MathDatasets.stripCalculatorAnnotations("no marks"));
    String many = "<<1>>".repeat(100_000) + "<<";
    assertEquals("<<", MathDatasets.stripCalculatorAnnotations(many));
  }

  @Test
  void loadedProblemsRecordChecksItsCounts() {
    assertThrows(IllegalArgumentException.class, () -> new LoadedProblems("s", List.of(), 1, null));
    assertThrows(IllegalArgumentException.class, () -> new LoadedProblems("s", List.of(), 0, "why"));
    assertThrows(IllegalArgumentException.class, () -> new LoadedProblems("s", List.of(), -1, "why"));
  }
}
