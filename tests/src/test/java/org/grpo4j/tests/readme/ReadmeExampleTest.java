package org.grpo4j.tests.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.grpo4j.rl.train.TrainSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example is this module's {@link ReadmeExample}, shown verbatim, and it trains. */
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void theReadmeShowsTheExampleVerbatim() throws Exception {
    Path source = Path.of("src/test/java/org/grpo4j/tests/readme/ReadmeExample.java");
    String code = Files.readString(source, StandardCharsets.UTF_8);
    String shown = code.substring(code.indexOf("import ")).strip(); // the package line is left out of the README
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains(shown), "README.md shows " + source + " from its first import on, verbatim");
  }

  @Test
  void theExampleTrainsATicGrpoPolicyAndEvaluatesIt() throws Exception {
    TrainSummary s = ReadmeExample.train(dir.resolve("run"));
    assertEquals(20, s.steps());
    assertEquals(0, s.skippedSteps());
    assertNotNull(s.lastEval());
    assertEquals(64, s.lastEval().n());
    List<String> metrics = Files.readAllLines(dir.resolve("run/metrics.jsonl"));
    assertEquals(20, metrics.size());
    assertTrue(metrics.get(19).contains("\"reward/exact/mean\""), metrics.get(19));
    assertTrue(Files.isDirectory(dir.resolve("run/checkpoints/step-20")));
  }
}
