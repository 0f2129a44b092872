package org.grpo4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.grpo4j.cli.check.ErrorText;
import org.grpo4j.cli.check.Outputs;
import org.grpo4j.nn.io.AtomicFiles;

/**
 * A sweep in a directory: checks the config and the directory before touching anything, runs the points not yet
 * finished on an engine, then writes {@code sweep.json}, {@code results.csv} and {@code report.md} over every
 * finished run (of this call and earlier ones).
 */
public record Sweep(Path config, SweepSpec spec, List<GridPoint> points, Path out) {
  /** The copy of the sweep config kept in the directory; a later call must bring the same one. */
  public static final String CONFIG_COPY = "sweep-config.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the points. */
  public Sweep {
    points = List.copyOf(points);
  }

  /**
   * Reads and checks {@code config} against the train options and {@code out} against an earlier sweep.
   *
   * @throws IllegalArgumentException naming what is wrong; nothing has been written
   */
  public static Sweep prepare(Path config, Path out) throws IOException {
    Outputs.requireNamed(out, "--out", "directory");
    SweepSpec spec = SweepSpec.read(config);
    List<GridPoint> points;
    try {
      points = GridPoints.of(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sweep config " + config + ": " + e.getMessage(), e);
    }
    JsonNode now = JSON.readTree(config.toFile());
    Path copy = out.resolve(CONFIG_COPY);
    if (Files.isRegularFile(copy)) {
      if (!JSON.readTree(copy.toFile()).equals(now)) {
        throw new IllegalArgumentException("--out " + out + " holds a sweep of a different config (" + copy
            + "); resume it with that config, or choose a new --out");
      }
    } else if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
      throw new IllegalArgumentException("--out " + out + " is " + (Files.isDirectory(out) ? "a non-empty directory"
          : "a file") + " without " + CONFIG_COPY + "; choose a new or empty directory");
    }
    Sweep sweep = new Sweep(config, spec, points, out);
    if (spec.baseline() != null) {
      sweep.checkBaseline(spec.baseline(), "sweep config " + config + ": baseline");
    }
    return sweep;
  }

  /**
   * Refuses a baseline that is not the objective of any run (the report could compare nothing against it), naming
   * {@code what} and the objectives the sweep runs.
   */
  public void checkBaseline(String baseline, String what) {
    java.util.Set<String> objectives = new java.util.TreeSet<>();
    points.forEach(p -> objectives.add(Groups.objective(p)));
    if (objectives.contains(baseline)) {
      return;
    }
    objectives.remove("-"); // no objective set: every run uses train's default
    throw new IllegalArgumentException(what + " '" + baseline + "' is not the objective of any run; expected "
        + (objectives.isEmpty() ? "none: the sweep sets no objective (put one in base, or an objective axis in the "
            + "grid)" : "one of " + String.join(", ", objectives)));
  }

  /** Runs the unfinished points on {@code engine} and writes the sweep's files; returns the outcomes. */
  public List<RunOutcome> run(Engine engine, String engineName, String baseline) throws IOException {
    Files.createDirectories(out.resolve("runs"));
    Path copy = out.resolve(CONFIG_COPY);
    if (!Files.exists(copy)) {
      AtomicFiles.writeString(copy, Files.readString(config));
    }
    long start = System.nanoTime();
    List<RunOutcome> outcomes = engine.run(points, new RunTask(out.toString()));
    double seconds = (System.nanoTime() - start) / 1e9;
    List<RunResult> results = new ArrayList<>();
    List<RunOutcome> failures = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      RunOutcome o = outcomes.get(i);
      if (o.status() == RunOutcome.Status.PENDING) {
        continue;
      }
      if (!o.finished()) {
        failures.add(o);
        continue;
      }
      try {
        results.add(RunResult.read(points.get(i), out.resolve("runs").resolve(points.get(i).name()), o.seconds()));
      } catch (RuntimeException e) {
        failures.add(new RunOutcome(o.name(), RunOutcome.Status.FAILED, "unreadable results: " + ErrorText.of(e),
            o.seconds()));
      }
    }
    List<String> gridKeys = new ArrayList<>(spec.grid().keySet());
    writeSummary(engineName, engine.master(), outcomes, results.size(), failures, seconds);
    ResultsCsv.write(out.resolve("results.csv"), gridKeys, results);
    Report.write(out, new Report.Header(config.toString(), engineName, engine.master(), points.size(), results.size(), failures.size(), (int) count(outcomes, RunOutcome.Status.PENDING),
        seconds), gridKeys, results, failures,
        baseline != null ? baseline : spec.baseline());
    return outcomes;
  }

  private void writeSummary(String engine, String master, List<RunOutcome> outcomes, int completed,
      List<RunOutcome> failures, double seconds) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("engine", engine);
    o.put("master", master);
    o.put("total", points.size());
    o.put("completed", completed);
    o.put("failed", failures.size());
    o.put("pending", count(outcomes, RunOutcome.Status.PENDING));
    o.put("ran", engine.equals(RecordedRuns.NAME) ? 0
        : count(outcomes, RunOutcome.Status.DONE) + count(outcomes, RunOutcome.Status.FAILED));
    o.put("skipped", count(outcomes, RunOutcome.Status.SKIPPED));
    o.put("seconds", seconds);
    ArrayNode f = o.putArray("failures");
    failures.forEach(x -> f.addObject().put("run", x.name()).put("error", x.error()));
    AtomicFiles.writeString(out.resolve("sweep.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o)
        + "\n");
  }

  private static long count(List<RunOutcome> outcomes, RunOutcome.Status s) {
    return outcomes.stream().filter(x -> x.status() == s).count();
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
