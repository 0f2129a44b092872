package org.grpo4j.cli.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grpo4j.cli.Plots;
import org.grpo4j.rl.report.Chart;

/**
 * The PNG plots of a training run, drawn from its {@code metrics.jsonl} and {@code eval.jsonl}: reward, held-out
 * accuracy with its 95% interval band, KL, clip fraction, completion length and TIC-GRPO's log-ratio quantiles.
 */
public final class TrainPlots {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainPlots() {}

  /** Draws every plot whose metrics the run has into {@code dir}; returns the file names written. */
  public static List<String> write(Path dir) {
    List<JsonNode> metrics = read(dir.resolve("metrics.jsonl"));
    List<JsonNode> eval = read(dir.resolve("eval.jsonl"));
    List<String> written = new ArrayList<>();
    line(dir, written, "reward.png", "Training reward (mean over the iteration's samples)", "reward", metrics,
        "reward/mean");
    line(dir, written, "kl.png", "KL to the reference policy", "KL", metrics, "policy/kl");
    line(dir, written, "clip.png", "Clip fraction", "fraction", metrics, "policy/clip_frac");
    line(dir, written, "length.png", "Completion length (tokens)", "tokens", metrics, "completion/length_mean",
        "completion/length_max");
    line(dir, written, "tic-ratio.png", "TIC-GRPO trajectory log-ratio quantiles", "log rho", metrics,
        "objective/log_ratio_q10", "objective/log_ratio_q50", "objective/log_ratio_q90");
    if (!eval.isEmpty()) {
      double[] x = column(eval, "step");
      Map<String, Chart.Series> s = new LinkedHashMap<>();
      s.put("greedy accuracy (95% Wilson interval)", new Chart.Series(x, column(eval, "accuracy"),
          column(eval, "ci_low"), column(eval, "ci_high")));
      Plots.write(dir.resolve("accuracy.png"), new Chart("Held-out accuracy", "iteration", "accuracy",
          Chart.Scale.LINEAR, s));
      written.add("accuracy.png");
    }
    return written;
  }

  private static void line(Path dir, List<String> written, String file, String title, String yLabel,
      List<JsonNode> rows, String... keys) {
    Map<String, Chart.Series> s = new LinkedHashMap<>();
    for (String key : keys) {
      List<double[]> points = new ArrayList<>();
      for (JsonNode r : rows) {
        JsonNode v = r.get(key);
        if (v != null && v.isNumber() && Double.isFinite(v.asDouble())) {
          points.add(new double[] {r.get("step").asDouble(), v.asDouble()});
        }
      }
      if (!points.isEmpty()) {
        s.put(key, new Chart.Series(points.stream().mapToDouble(p -> p[0]).toArray(),
            points.stream().mapToDouble(p -> p[1]).toArray()));
      }
    }
    if (!s.isEmpty()) {
      Plots.write(dir.resolve(file), new Chart(title, "iteration", yLabel, Chart.Scale.LINEAR, s));
      written.add(file);
    }
  }

  private static double[] column(List<JsonNode> rows, String key) {
    return rows.stream().mapToDouble(r -> r.path(key).asDouble(Double.NaN)).toArray();
  }

  private static List<JsonNode> read(Path file) {
    List<JsonNode> rows = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return rows;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          rows.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " for plotting: " + e.getMessage(), e);
    }
    return rows;
  }
}
