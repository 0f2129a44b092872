package org.grpo4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.grpo4j.cli.check.ErrorText;
import org.grpo4j.cli.train.TrainCommand;
import org.grpo4j.nn.io.AtomicFiles;
import org.grpo4j.rl.train.RunDirectory;
import picocli.CommandLine;

/**
 * Runs one grid point as a {@code grpo4j train} run in this JVM (the train command's own code path) into
 * {@code runs/<name>/}, and records the outcome in that directory's {@code sweep-run.json}. A run recorded as done is
 * never run again; an interrupted run that saved a complete checkpoint continues from it ({@code train --resume}, which
 * equals an uninterrupted run); any other unfinished run's directory is cleared and the run starts over. Never throws
 * for a failing run: the error is the outcome. Serializable: it is the function Spark runs on executors.
 */
public record RunTask(String sweepDir) implements Serializable {
  /** The file in a run directory that records how the run ended. */
  public static final String STATUS_FILE = "sweep-run.json";
  /** The file in a run directory that holds the train command's own output. */
  public static final String LOG_FILE = "train.log";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks the sweep directory is given. */
  public RunTask {
    if (sweepDir == null || sweepDir.isBlank()) {
      throw new IllegalArgumentException("a run task needs the sweep directory");
    }
  }

  /** The directory of {@code p}'s run. */
  public Path runDir(GridPoint p) {
    return Path.of(sweepDir, "runs", p.name());
  }

  /** The recorded outcome of {@code p}'s run, or null when none was recorded. */
  public RunOutcome recorded(GridPoint p) {
    Path f = runDir(p).resolve(STATUS_FILE);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(f.toFile());
      RunOutcome.Status s = RunOutcome.Status.valueOf(n.path("status").asText());
      return new RunOutcome(p.name(), s, n.path("error").isTextual() ? n.path("error").asText() : null,
          n.path("seconds").asDouble());
    } catch (IOException | IllegalArgumentException e) {
      return null; // unreadable: treat as not finished
    }
  }

  /** Runs {@code p} unless it finished before. */
  public RunOutcome run(GridPoint p) {
    RunOutcome before = recorded(p);
    if (before != null && before.status() == RunOutcome.Status.DONE) {
      return new RunOutcome(p.name(), RunOutcome.Status.SKIPPED, null, before.seconds());
    }
    Path dir = runDir(p);
    long start = System.nanoTime();
    RunOutcome out;
    try {
      boolean resume = before == null && resumable(dir); // a recorded failure starts over: its cause may be fixed
      if (!resume) {
        deleteTree(dir); // start over from the seed (a run is deterministic)
      }
      Files.createDirectories(dir.getParent());
      out = train(p, dir, start, resume);
    } catch (RuntimeException | Error | IOException e) {
      out = new RunOutcome(p.name(), RunOutcome.Status.FAILED, ErrorText.of(e), seconds(start));
    }
    record(dir, out);
    return out;
  }

  /** True when {@code dir} holds an interrupted train run with a complete checkpoint to continue from. */
  static boolean resumable(Path dir) {
    return Files.isRegularFile(dir.resolve(TrainCommand.COMMAND_FILE)) && RunDirectory.hasCompleteCheckpoint(dir);
  }

  private RunOutcome train(GridPoint p, Path dir, long start, boolean resume) throws IOException {
    CommandLine cl = GridPoints.trainCommand(p);
    Path log = dir.resolveSibling(p.name() + ".log.partial");
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      cl.setOut(w);
      cl.setErr(w);
      Throwable[] thrown = new Throwable[1];
      cl.setExecutionExceptionHandler((ex, c, r) -> {
        thrown[0] = ex;
        return 1;
      });
      cl.setParameterExceptionHandler((ex, a) -> {
        thrown[0] = ex;
        return 2;
      });
      int code = resume ? cl.execute("--resume", dir.toString(), "--no-progress")
          : cl.execute("--out", dir.toString(), "--no-progress");
      w.flush();
      if (code != 0) {
        String why = thrown[0] != null ? ErrorText.of(thrown[0]) : "train exited with status " + code;
        return new RunOutcome(p.name(), RunOutcome.Status.FAILED, why, seconds(start));
      }
    } finally {
      Files.createDirectories(dir);
      Files.move(log, dir.resolve(LOG_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return new RunOutcome(p.name(), RunOutcome.Status.DONE, null, seconds(start));
  }

  private static void record(Path dir, RunOutcome out) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", out.name());
    o.put("status", out.status().name());
    if (out.error() != null) {
      o.put("error", out.error());
    }
    o.put("seconds", out.seconds());
    try {
      Files.createDirectories(dir);
      AtomicFiles.writeString(dir.resolve(STATUS_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o)
          + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the outcome of run " + out.name() + " in " + dir, e);
    }
  }

  private static double seconds(long start) {
    return Math.max(0, (System.nanoTime() - start) / 1e9);
  }

  /** Deletes {@code dir} and everything under it (no-op when missing). */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
