package org.grpo4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2 objectives x 2 seeds x 2 steps sweep on the embedded Spark session, then again, then on threads. */
class SweepEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RUNS = List.of("objective-grpo_seed-1", "objective-grpo_seed-2",
      "objective-tic-grpo_seed-1", "objective-tic-grpo_seed-2");

  @TempDir Path tmp;

  @Test
  void writesEveryArtifactRunsNothingTheSecondTimeAndRepeatsOnThreads() throws IOException {
    Path cfg = Cli.config(tmp, "sweep.json", "{\"base\": " + Cli.TINY_BASE
        + ", \"grid\": {\"objective\": [\"grpo\", \"tic-grpo\"], \"seed\": [1, 2]}}");
    Path out = tmp.resolve("spark");
    Cli.Result first = Cli.run("sweep", "--config", cfg.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, first.code(), first.err());

    JsonNode summary = JSON.readTree(out.resolve("sweep.json").toFile());
    assertEquals("spark", summary.get("engine").asText());
    assertEquals("local[2]", summary.get("master").asText());
    assertEquals(4, summary.get("total").asInt());
    assertEquals(4, summary.get("completed").asInt());
    assertEquals(0, summary.get("failed").asInt());
    assertEquals(4, summary.get("ran").asInt());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(5, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(0).startsWith("run,objective,seed,"), csv.get(0));
    for (int i = 0; i < RUNS.size(); i++) {
      assertTrue(csv.get(i + 1).startsWith(RUNS.get(i) + ","), csv.get(i + 1));
      Path run = out.resolve("runs").resolve(RUNS.get(i));
      for (String f : List.of("metrics.jsonl", "eval.jsonl", "completions.jsonl", "config.json", "command.json",
          "accuracy.png", RunTask.STATUS_FILE, RunTask.LOG_FILE)) {
        assertTrue(Files.isRegularFile(run.resolve(f)), run.resolve(f) + " missing");
      }
      assertEquals(3, Files.readAllLines(run.resolve("eval.jsonl")).size(), "evaluations at steps 0, 1, 2");
    }
    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("| all | grpo | 2 |") && report.contains("| all | tic-grpo | 2 |"), report);
    assertTrue(report.contains("## Paired differences against `grpo`"), report);
    assertTrue(report.contains("| all | tic-grpo | 2 | "), report);
    assertTrue(report.contains("significant"), report);
    assertTrue(Files.size(out.resolve("curves.png")) > 1000);

    List<FileTime> before = metricTimes(out);
    Cli.Result second = Cli.run("sweep", "--config", cfg.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, second.code(), second.err());
    JsonNode again = JSON.readTree(out.resolve("sweep.json").toFile());
    assertEquals(0, again.get("ran").asInt());
    assertEquals(4, again.get("skipped").asInt());
    assertEquals(4, again.get("completed").asInt());
    assertEquals(before, metricTimes(out), "finished runs were not touched");
    assertEquals(withoutSeconds(csv), withoutSeconds(Files.readAllLines(out.resolve("results.csv"))));

    // An interrupted run (no sweep-run.json): --report-only runs nothing, reports the others and touches no run.
    Path interrupted = out.resolve("runs").resolve(RUNS.get(3));
    Files.delete(interrupted.resolve(RunTask.STATUS_FILE));
    Cli.Result reportOnly = Cli.run("sweep", "--config", cfg.toString(), "--out", out.toString(), "--report-only");
    assertEquals(0, reportOnly.code(), reportOnly.err());
    JsonNode partial = JSON.readTree(out.resolve("sweep.json").toFile());
    assertEquals("none", partial.get("engine").asText());
    assertEquals(0, partial.get("ran").asInt());
    assertEquals(1, partial.get("pending").asInt());
    assertEquals(3, partial.get("completed").asInt());
    assertEquals(csv.subList(0, 4).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList(),
        withoutSeconds(Files.readAllLines(out.resolve("results.csv"))));
    assertTrue(Files.readString(out.resolve("report.md")).contains("1 not run yet"));
    assertTrue(Files.isRegularFile(interrupted.resolve("metrics.jsonl")));

    Path threads = tmp.resolve("threads");
    Cli.Result t = Cli.run("sweep", "--config", cfg.toString(), "--out", threads.toString(), "--engine", "threads",
        "--threads", "2");
    assertEquals(0, t.code(), t.err());
    assertEquals("threads", JSON.readTree(threads.resolve("sweep.json").toFile()).get("engine").asText());
    assertEquals(withoutSeconds(csv), withoutSeconds(Files.readAllLines(threads.resolve("results.csv"))),
        "the same config and seeds give the same results, whatever ran them");
  }

  private static List<FileTime> metricTimes(Path out) throws IOException {
    List<FileTime> times = new ArrayList<>();
    for (String r : RUNS) {
      times.add(Files.getLastModifiedTime(out.resolve("runs").resolve(r).resolve("metrics.jsonl")));
      times.add(Files.getLastModifiedTime(out.resolve("runs").resolve(r).resolve(RunTask.STATUS_FILE)));
    }
    return times;
  }

  /** The CSV without its last column (seconds). */
  static List<String> withoutSeconds(List<String> csv) {
    return csv.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
  }
}
