package org.grpo4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers of one finished run, read from its run directory: held-out accuracy at every evaluation (with its 95%
 * interval), the final and best evaluation, mean training reward, KL, clip fraction, policy entropy and completion
 * length over the run, and its time.
 */
public record RunResult(GridPoint point, List<Eval> evals, double meanReward, double finalReward, double meanKl,
    double meanClipFrac, double meanEntropy, double meanLength, double seconds) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One held-out evaluation: accuracy with its 95% interval over {@code n} problems. */
  public record Eval(int step, double accuracy, double ciLow, double ciHigh, int n) {
    /** Checks the accuracy lies in its interval within [0, 1]. */
    public Eval {
      if (!(0 <= ciLow && ciLow <= accuracy + 1e-12 && accuracy <= ciHigh + 1e-12 && ciHigh <= 1)) {
        throw new IllegalArgumentException("evaluation at step " + step + ": accuracy " + accuracy
            + " with interval [" + ciLow + ", " + ciHigh + "]; expected 0 <= low <= accuracy <= high <= 1");
      }
    }
  }

  /** Checks the run has at least one evaluation. */
  public RunResult {
    evals = List.copyOf(evals);
    if (evals.isEmpty()) {
      throw new IllegalArgumentException("run " + point.name() + " has no held-out evaluation in eval.jsonl");
    }
  }

  /** The last evaluation. */
  public Eval last() {
    return evals.get(evals.size() - 1);
  }

  /** The first evaluation (before training when the run evaluated at step 0). */
  public Eval first() {
    return evals.get(0);
  }

  /** The evaluation with the highest accuracy (the earliest of ties). */
  public Eval best() {
    Eval b = evals.get(0);
    for (Eval e : evals) {
      if (e.accuracy() > b.accuracy()) {
        b = e;
      }
    }
    return b;
  }

  /** Reads the run of {@code point} from {@code dir}. */
  public static RunResult read(GridPoint point, Path dir, double seconds) {
    List<Eval> evals = new ArrayList<>();
    for (JsonNode e : lines(dir.resolve("eval.jsonl"))) {
      evals.add(new Eval(e.path("step").asInt(), e.path("accuracy").asDouble(), e.path("ci_low").asDouble(),
          e.path("ci_high").asDouble(), e.path("n").asInt()));
    }
    List<JsonNode> metrics = lines(dir.resolve("metrics.jsonl"));
    double last = metrics.isEmpty() ? Double.NaN : metrics.get(metrics.size() - 1).path("reward/mean").asDouble(Double.NaN);
    return new RunResult(point, evals, mean(metrics, "reward/mean"), last, mean(metrics, "policy/kl"),
        mean(metrics, "policy/clip_frac"), mean(metrics, "policy/entropy"), mean(metrics, "completion/length_mean"),
        seconds);
  }

  private static double mean(List<JsonNode> rows, String key) {
    double sum = 0;
    int n = 0;
    for (JsonNode r : rows) {
      JsonNode v = r.get(key);
      if (v != null && v.isNumber() && Double.isFinite(v.asDouble())) {
        sum += v.asDouble();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static List<JsonNode> lines(Path file) {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null;) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }
}
