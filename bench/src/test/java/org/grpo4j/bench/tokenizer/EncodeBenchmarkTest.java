package org.grpo4j.bench.tokenizer;

import org.grpo4j.tokenizer.corpus.MixedTextGenerator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EncodeBenchmarkTest {

  @Test
  void generatorIsDeterministicAndMixed() {
    String a = new MixedTextGenerator(5).generate(300_000);
    assertEquals(a, new MixedTextGenerator(5).generate(300_000));
    assertNotEquals(a, new MixedTextGenerator(6).generate(300_000));
    assertTrue(a.getBytes(StandardCharsets.UTF_8).length >= 300_000);
    assertTrue(a.contains("return") && a.contains("中文") && a.contains("😀") && a.matches("(?s).*\\d{4}-\\d\\d.*")
        && a.contains("'t") && a.contains("e\u0301"), "prose, code, numbers and Unicode are all present");
  }

  @Test
  void smallRunIsLosslessAgreesWithReferenceAndReportsThroughput() throws Exception {
    Path vocab = Path.of(getClass().getResource("/gpt2-bpe/vocab.json").toURI());
    Path merges = vocab.resolveSibling("merges.txt");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    EncodeBenchmark.Result r = EncodeBenchmark.run(new EncodeBenchmark.Config(vocab, merges, 500_000, 1, 2, true),
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertTrue(r.lossless() && r.agreesWithReference());
    assertTrue(r.inputBytes() >= 500_000 && r.tokens() > 100_000, r.describe());
    assertTrue(r.mbPerSecond() > 0 && r.referenceMbPerSecond() > 0, r.describe());
    assertEquals(r.mbPerSecond() / r.referenceMbPerSecond(), r.peerRatio(), 1e-9);
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("MB/s"));
  }

  @Test
  void defaultFilesAreFoundFromTheModuleOrRepositoryRoot() {
    // Surefire runs in the module directory; the lookup walks up to the repository root.
    assertTrue(EncodeBenchmark.defaultGpt2Files(Path.of("")).isPresent());
    assertTrue(EncodeBenchmark.defaultGpt2Files(Path.of("/")).isEmpty());
  }
}
