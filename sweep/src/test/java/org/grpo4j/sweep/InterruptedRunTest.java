package org.grpo4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted after a checkpoint continues from it on the next call (its directory is kept), and ends exactly
 * where an uninterrupted run of the same grid point ends; an interrupted run without a checkpoint starts over.
 */
class InterruptedRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = "seed-3";

  @TempDir Path tmp;

  @Test
  void interruptedRunContinuesFromItsCheckpointAndMatchesAnUninterruptedOne() throws IOException {
    Path cfg = Cli.config(tmp, "sweep.json", "{\"base\": " + Cli.TINY_BASE.replace("\"max-steps\": 2", "\"max-steps\": 4")
        .replace("\"save-every\": 0", "\"save-every\": 2") + ", \"grid\": {\"seed\": [3]}}");
    Path whole = tmp.resolve("whole");
    assertEquals(0, sweep(cfg, whole).code());

    Path cut = tmp.resolve("cut");
    assertEquals(0, sweep(cfg, cut).code());
    Path run = cut.resolve("runs").resolve(RUN);
    interruptAfterStep2(run);
    Path marker = Files.writeString(run.resolve("kept-by-resume"), "a restart would delete the run directory");

    Cli.Result again = sweep(cfg, cut);
    assertEquals(0, again.code(), again.err());
    JsonNode s = JSON.readTree(cut.resolve("sweep.json").toFile());
    assertEquals(1, s.get("ran").asInt(), s.toString());
    assertTrue(Files.exists(marker), "the interrupted run was started over instead of resumed");
    assertTrue(Files.isDirectory(run.resolve("checkpoints/step-4")), "the resumed run saved its final checkpoint");
    Path done = whole.resolve("runs").resolve(RUN);
    assertEquals(Files.readAllLines(done.resolve("eval.jsonl")), Files.readAllLines(run.resolve("eval.jsonl")));
    assertEquals(withoutTimes(done.resolve("metrics.jsonl")), withoutTimes(run.resolve("metrics.jsonl")));
    assertEquals(withoutSeconds(whole.resolve("results.csv")), withoutSeconds(cut.resolve("results.csv")));
  }

  @Test
  void interruptedRunWithoutCheckpointStartsOver() throws IOException {
    Path cfg = Cli.config(tmp, "sweep.json", "{\"base\": " + Cli.TINY_BASE + ", \"grid\": {\"seed\": [3]}}");
    Path out = tmp.resolve("out");
    assertEquals(0, sweep(cfg, out).code());
    Path run = out.resolve("runs").resolve(RUN);
    Files.delete(run.resolve(RunTask.STATUS_FILE));
    RunTask.deleteTree(run.resolve("checkpoints")); // killed before its only (final) checkpoint was complete
    Path marker = Files.writeString(run.resolve("left-by-the-interrupted-run"), "x");
    Cli.Result again = sweep(cfg, out);
    assertEquals(0, again.code(), again.err());
    assertFalse(Files.exists(marker), "a run without a checkpoint starts over in a cleared directory");
    assertTrue(Files.isRegularFile(run.resolve(RunTask.STATUS_FILE)));
    assertTrue(Files.readString(run.resolve(RunTask.LOG_FILE)).contains("held-out accuracy at step"),
        "a run's evaluation lines go to its own log");
    assertFalse(again.err().contains("held-out accuracy at step"), "runs do not interleave lines on the sweep's "
        + "standard error: " + again.err());
  }

  private static Cli.Result sweep(Path cfg, Path out) {
    return Cli.run("sweep", "--config", cfg.toString(), "--out", out.toString(), "--engine", "threads",
        "--threads", "1");
  }

  /** What a kill after the step-2 checkpoint leaves: no outcome record, no step-4 checkpoint. */
  private static void interruptAfterStep2(Path run) throws IOException {
    assertTrue(Files.isRegularFile(run.resolve("checkpoints/step-2/trainer_state.json")));
    Files.delete(run.resolve(RunTask.STATUS_FILE));
    RunTask.deleteTree(run.resolve("checkpoints/step-4"));
  }

  /** metrics.jsonl lines without the wall-clock keys ({@code time/...}, {@code perf/...}). */
  private static List<String> withoutTimes(Path metrics) throws IOException {
    return Files.readAllLines(metrics).stream().map(line -> {
      try {
        com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) JSON
            .readTree(line);
        List<String> timed = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(k -> {
          if (k.startsWith("time/") || k.startsWith("perf/")) {
            timed.add(k);
          }
        });
        o.remove(timed);
        return o.toString();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList();
  }

  /** results.csv rows without their last column ({@code seconds}). */
  private static List<String> withoutSeconds(Path csv) throws IOException {
    return Files.readAllLines(csv).stream()
        .map(l -> String.join(",", Arrays.asList(l.split(",", -1)).subList(0, l.split(",", -1).length - 1)))
        .toList();
  }
}
