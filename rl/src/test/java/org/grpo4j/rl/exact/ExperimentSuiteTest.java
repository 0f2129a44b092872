package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.grpo4j.rl.report.ChartWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite refuses to overwrite earlier results before doing any work; sizes are bounded with named values. */
class ExperimentSuiteTest {
  @Test
  void refusesToOverwriteEarlierResultsBeforeAnyWork(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("summary.json"), "{}");
    Files.createDirectories(dir.resolve("e1-bias"));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentSuite.run(
        SuiteSizes.quick(), true, 7, dir, false, ChartWriter.NONE, new PrintStream(log)));
    assertTrue(e.getMessage().contains("summary.json") && e.getMessage().contains("e1-bias")
        && e.getMessage().contains("--overwrite"), e.getMessage());
    assertTrue(log.size() == 0, "work started before the check: " + log);
    assertTrue(Files.readString(dir.resolve("summary.json")).equals("{}"), "summary.json was touched");
  }

  @Test
  void sizesAreBoundedWithTheValueNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ConvergenceRun.Config(5, 2_000_000, 4, 8, 4, 0.1, Clip.of(0.2)));
    assertTrue(e.getMessage().contains("2000000"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TransformerBridge.Config(9, 1, 16, 4));
    assertTrue(e.getMessage().contains("bridge max tokens 9"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Clip(0.2, 0.2, 1.5, 4e-4));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
  }
}
