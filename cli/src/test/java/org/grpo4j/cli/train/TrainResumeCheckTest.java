package org.grpo4j.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.grpo4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grpo4j train --resume} checks before it writes: a --max-steps below the run's step, and a run's command.json
 * or trainer_state.json edited to values the trainer never writes, are refused naming the file, field and value.
 */
class TrainResumeCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aResumeThatWouldGoBackOrReadTamperedFilesIsRefusedAndChangesNothing() throws Exception {
    Path run = dir.resolve("run");
    String[] args = TrainCommandTest.tiny(run);
    args[Arrays.asList(args).lastIndexOf("--max-steps") + 1] = "2";
    CliRun first = CliRun.of(args);
    assertEquals(0, first.exit(), first.err());
    Path command = run.resolve("command.json");
    Path state = run.resolve("checkpoints/step-2/trainer_state.json");
    Map<String, String> before = snapshot(run);

    refused(run, before, "--max-steps 1 is below step 2, where the run in " + run + " stopped", "--max-steps", "1");
    edited(command, "group-size", "1", () -> refused(run, snapshot(run),
        command + ": --group-size 1 is out of range (expected 2 to 4,096)"));
    edited(command, "lr", "NaN", () -> refused(run, snapshot(run), command + ": train: learning rate NaN"));
    edited(command, "max-steps", "1", () -> refused(run, snapshot(run), "max steps 1 is below step 2"));
    edited(command, "lr", "0.002", () -> refused(run, snapshot(run), command + " does not match the settings the "
        + "run in " + run + " was checkpointed with (trainer_state.json): lr 0.002 in the command, 0.001 stored"));
    edited(command, "temperature", "0.5", () -> refused(run, snapshot(run),
        "rollout.temperature 0.5 in the command, 1.0 stored"));
    edited(command, "seed", "8", () -> refused(run, snapshot(run), "seed 8 in the command, 1 stored"));
    edited(state, "dataPosition", 1_000_000_000_000L, () -> refused(run, snapshot(run),
        state + ": field dataPosition 1000000000000 is out of range (expected 4: the next training problem after 2 "
        + "iterations of 2 prompts)"));
    edited(state, "dataPosition", 3L, () -> refused(run, snapshot(run), "field dataPosition 3 is out of range"));
    edited(state, "step", 7L, () -> refused(run, snapshot(run),
        state + ": field step 7 does not match the checkpoint directory step-2 (expected 2)"));
    edited(state, "dtype", "INT", () -> refused(run, snapshot(run), "field dtype 'INT' is not a floating-point"));

    assertEquals(contents(before), contents(snapshot(run)), "every edit was undone");
    CliRun same = CliRun.of("train", "--resume", run.toString(), "--max-steps", "2", "--no-progress");
    assertEquals(0, same.exit(), "--max-steps at the run's step is allowed: " + same.err());
    CliRun on = CliRun.of("train", "--resume", run.toString(), "--max-steps", "3", "--no-progress");
    assertEquals(0, on.exit(), on.err());
    assertTrue(on.out().contains("train: 3 iterations"), on.out());
  }

  private interface Check {
    void run() throws Exception;
  }

  /** Runs {@code check} with {@code field} of the JSON object in {@code file} set to {@code value}, then restores. */
  private static void edited(Path file, String field, Object value, Check check) throws Exception {
    byte[] original = Files.readAllBytes(file);
    ObjectNode o = (ObjectNode) JSON.readTree(original);
    o.set(field, JSON.valueToTree(value instanceof String s ? s : value));
    Files.writeString(file, JSON.writeValueAsString(o));
    try {
      check.run();
    } finally {
      Files.write(file, original);
    }
  }

  private static void refused(Path run, Map<String, String> before, String expected, String... more) {
    String[] args = Stream.concat(Stream.of("train", "--resume", run.toString(), "--no-progress"), Stream.of(more))
        .toArray(String[]::new);
    CliRun r = CliRun.of(args);
    assertEquals(1, r.exit(), String.join(" ", args) + ": " + r.err());
    assertTrue(r.err().contains(expected), "names '" + expected + "': " + r.err());
    assertTrue(r.err().strip().lines().count() == 1 && !r.err().contains("\tat "), "one line, no trace: " + r.err());
    assertEquals(before, snapshot(run), "nothing written");
  }

  /** {@code snapshot} without the modification times. */
  private static Map<String, String> contents(Map<String, String> snapshot) {
    Map<String, String> m = new TreeMap<>();
    snapshot.forEach((k, v) -> m.put(k, v.replaceFirst(":.*", "")));
    return m;
  }

  /** Relative path -> content hash and modification time of every file ("dir" for directories) under {@code root}. */
  private static Map<String, String> snapshot(Path root) {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        m.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Arrays.hashCode(Files.readAllBytes(p))
            + ":" + Files.getLastModifiedTime(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }
}
