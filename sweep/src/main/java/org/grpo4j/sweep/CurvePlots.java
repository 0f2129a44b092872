package org.grpo4j.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.grpo4j.cli.Plots;
import org.grpo4j.rl.report.Chart;

/** Learning curves of a sweep: per slice, each objective's held-out accuracy (mean over seeds, 95% t band). */
public final class CurvePlots {
  private CurvePlots() {}

  /** Writes one PNG per slice into {@code dir}; returns slice name to file name, in slice order. */
  public static Map<String, String> write(Path dir, Groups groups) {
    Map<String, String> files = new LinkedHashMap<>();
    int i = 0;
    for (var slice : groups.slices().entrySet()) {
      String file = groups.slices().size() == 1 ? "curves.png" : "curves-" + (++i) + ".png";
      Map<String, Chart.Series> series = new LinkedHashMap<>();
      slice.getValue().forEach((objective, runs) -> series.put(objective + " (" + runs.size() + " seeds)",
          band(runs)));
      Plots.write(dir.resolve(file), new Chart("Held-out accuracy: " + slice.getKey()
          + " (mean over seeds, 95% band)", "iteration", "accuracy", Chart.Scale.LINEAR, series));
      files.put(slice.getKey(), file);
    }
    return files;
  }

  /** The mean curve of {@code runs} at the evaluation steps every run has, with its 95% interval clamped to [0, 1]. */
  static Chart.Series band(List<RunResult> runs) {
    TreeSet<Integer> steps = new TreeSet<>();
    runs.get(0).evals().forEach(e -> steps.add(e.step()));
    for (RunResult r : runs) {
      TreeSet<Integer> own = new TreeSet<>();
      r.evals().forEach(e -> own.add(e.step()));
      steps.retainAll(own);
    }
    List<Integer> xs = new ArrayList<>(steps);
    double[] x = new double[xs.size()];
    double[] y = new double[xs.size()];
    double[] lo = new double[xs.size()];
    double[] hi = new double[xs.size()];
    for (int i = 0; i < xs.size(); i++) {
      double[] acc = new double[runs.size()];
      for (int j = 0; j < runs.size(); j++) {
        int step = xs.get(i);
        acc[j] = runs.get(j).evals().stream().filter(e -> e.step() == step).findFirst().orElseThrow().accuracy();
      }
      Stats.Estimate m = Stats.mean(acc);
      x[i] = xs.get(i);
      y[i] = m.mean();
      lo[i] = Double.isNaN(m.low()) ? m.mean() : Math.max(0, m.low());
      hi[i] = Double.isNaN(m.high()) ? m.mean() : Math.min(1, m.high());
    }
    return new Chart.Series(x, y, lo, hi);
  }
}
