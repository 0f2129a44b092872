package org.grpo4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --report-only} says nothing ran, whatever the runs recorded; {@code --dry-run} accepts a good baseline. */
class ReportOnlyTest {
  @TempDir Path tmp;

  @Test
  void reportOnlySaysNothingRanWhenARunRecordedAFailure() throws IOException {
    String json = "{\"grid\": {\"objective\": [\"grpo\", \"dapo\"]}}";
    Path cfg = Cli.config(tmp, "sweep.json", json);
    Path out = tmp.resolve("out");
    Path failed = Files.createDirectories(out.resolve("runs").resolve("objective-dapo"));
    Files.writeString(out.resolve(Sweep.CONFIG_COPY), json);
    Files.writeString(failed.resolve(RunTask.STATUS_FILE), "{\"name\": \"objective-dapo\", \"status\": \"FAILED\", "
        + "\"error\": \"boom\", \"seconds\": 1.0}\n");
    Cli.Result r = Cli.run("sweep", "--config", cfg.toString(), "--out", out.toString(), "--report-only",
        "--baseline", "grpo");
    assertEquals(1, r.code(), r.err()); // the recorded failure still fails the call
    assertTrue(r.out().contains("sweep: nothing ran (--report-only); 0 finished, 1 failed, 1 not run"), r.out());
    assertFalse(r.out().contains("ran now"), r.out());
    assertEquals(0, new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("sweep.json").toFile())
        .get("ran").asInt());

    Cli.Result dry = Cli.run("sweep", "--config", cfg.toString(), "--out", out.toString(), "--dry-run",
        "--baseline", "dapo");
    assertEquals(0, dry.code(), dry.err());
  }
}
