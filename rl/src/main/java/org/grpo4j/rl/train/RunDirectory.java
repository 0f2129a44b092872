package org.grpo4j.rl.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.grpo4j.nn.io.AtomicFiles;

/**
 * The files of a run: {@code config.json}, {@code metrics.jsonl}, {@code eval.jsonl}, {@code completions.jsonl} (one
 * JSON object per line, each with a {@code step}; non-finite numbers written as null) and {@code checkpoints/}. A new
 * run never writes into a non-empty directory; a resumed run cuts the JSONL files back to its checkpoint's step.
 */
public final class RunDirectory {
  /** The effective configuration. */
  public static final String CONFIG = "config.json";
  /** One metrics line per iteration. */
  public static final String METRICS = "metrics.jsonl";
  /** One line per held-out evaluation. */
  public static final String EVAL = "eval.jsonl";
  /** A few sampled completions per iteration. */
  public static final String COMPLETIONS = "completions.jsonl";
  /** The checkpoints folder ({@code step-N} inside). */
  public static final String CHECKPOINTS = "checkpoints";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  private RunDirectory(Path dir) {
    this.dir = dir;
  }

  /** True when {@code dir} holds a complete checkpoint that {@link Trainer#resume} can continue from. */
  public static boolean hasCompleteCheckpoint(Path dir) {
    return RunCheckpoints.latest(dir.resolve(CHECKPOINTS)).isPresent();
  }

  /** A new run in {@code dir}, which must not exist or be empty (nothing is ever overwritten). */
  public static RunDirectory create(Path dir) {
    try {
      if (Files.exists(dir)) {
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException("run directory " + dir + " is a file; expected a new or empty directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
          if (s.findAny().isPresent()) {
            throw new IllegalArgumentException("run directory " + dir + " is not empty; refusing to overwrite it "
                + "(resume it, or choose a new directory)");
          }
        }
      }
      Files.createDirectories(dir.resolve(CHECKPOINTS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + dir + ": " + e.getMessage(), e);
    }
    return new RunDirectory(dir);
  }

  /** An existing run in {@code dir}. */
  public static RunDirectory open(Path dir) {
    if (!Files.isDirectory(dir.resolve(CHECKPOINTS))) {
      throw new IllegalArgumentException("run directory " + dir + " has no " + CHECKPOINTS + "/ folder; expected a "
          + "run written by the trainer");
    }
    return new RunDirectory(dir);
  }

  /** The run's folder. */
  public Path path() {
    return dir;
  }

  /** The checkpoints folder. */
  public Path checkpoints() {
    return dir.resolve(CHECKPOINTS);
  }

  /** Writes {@code config.json} atomically. */
  public void writeConfig(TrainConfig config) {
    try {
      AtomicFiles.writeString(dir.resolve(CONFIG), config.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(CONFIG) + ": " + e.getMessage(), e);
    }
  }

  /** Appends one JSON line to {@code file}. */
  public void append(String file, Map<String, ?> record) {
    Map<String, Object> clean = new LinkedHashMap<>();
    record.forEach((k, v) -> clean.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
    Path p = dir.resolve(file);
    try {
      Files.writeString(p, JSON.writeValueAsString(clean) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + p + ": " + e.getMessage(), e);
    }
  }

  /** Drops every line with a step above {@code step} from the JSONL files (and a torn last line). */
  public void truncateAfter(int step) {
    for (String name : List.of(METRICS, EVAL, COMPLETIONS)) {
      Path p = dir.resolve(name);
      if (!Files.isRegularFile(p)) {
        continue;
      }
      try {
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
          JsonNode node;
          try {
            node = JSON.readTree(lines.get(i));
          } catch (IOException e) {
            if (i == lines.size() - 1) {
              break; // a line torn by a crash
            }
            throw new IllegalArgumentException(p + " line " + (i + 1) + " is not JSON: " + e.getMessage(), e);
          }
          if (node == null || !node.has("step")) {
            throw new IllegalArgumentException(p + " line " + (i + 1) + " has no \"step\"");
          }
          if (node.get("step").asLong() <= step) {
            kept.append(lines.get(i)).append('\n');
          }
        }
        AtomicFiles.writeString(p, kept.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot truncate " + p + ": " + e.getMessage(), e);
      }
    }
  }

  /** The lines of a JSONL file (empty if it does not exist). */
  public List<String> lines(String file) {
    Path p = dir.resolve(file);
    try {
      return Files.isRegularFile(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : new ArrayList<>();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
