package org.grpo4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that fails is recorded with its error, the others finish, and the next call retries only the failure. */
class FailedRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void failureIsRecordedAndDoesNotStopTheOthers() throws IOException {
    // A missing --data file passes every option check; the run fails when it reads the file.
    String missing = tmp.resolve("no-such-data.jsonl").toString().replace("\\", "\\\\");
    Path cfg = Cli.config(tmp, "sweep.json", "{\"base\": " + Cli.TINY_BASE + ", \"grid\": {\"task\": "
        + "[{\"data\": \"" + missing + "\"}, {}]}}");
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("sweep", "--config", cfg.toString(), "--out", out.toString(), "--engine", "threads",
        "--threads", "2");
    assertEquals(1, r.code(), r.err());
    assertTrue(Cli.errorLine(r.err()).contains("1 of 2 runs failed"), r.err());
    JsonNode s = JSON.readTree(out.resolve("sweep.json").toFile());
    assertEquals(1, s.get("completed").asInt());
    assertEquals(1, s.get("failed").asInt());
    assertEquals("task-1", s.get("failures").get(0).get("run").asText());
    assertTrue(s.get("failures").get(0).get("error").asText().contains("no-such-data.jsonl"), s.toString());
    JsonNode status = JSON.readTree(out.resolve("runs/task-1").resolve(RunTask.STATUS_FILE).toFile());
    assertEquals("FAILED", status.get("status").asText());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(2, csv.size());
    assertTrue(csv.get(1).startsWith("task-2,2,"), csv.get(1));
    assertTrue(Files.readString(out.resolve("report.md")).contains("## Failed runs"));

    Cli.Result again = Cli.run("sweep", "--config", cfg.toString(), "--out", out.toString(), "--engine", "threads",
        "--threads", "2");
    assertEquals(1, again.code(), again.err());
    JsonNode s2 = JSON.readTree(out.resolve("sweep.json").toFile());
    assertEquals(1, s2.get("ran").asInt(), "only the failed run is tried again");
    assertEquals(1, s2.get("skipped").asInt());
  }
}
