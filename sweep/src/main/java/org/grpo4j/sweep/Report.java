package org.grpo4j.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.grpo4j.nn.io.AtomicFiles;

/**
 * {@code report.md}: learning curves with seed bands, a table of means with 95% intervals, final-accuracy
 * differences against the baseline objective paired by seed (t-intervals, paired t-test, Holm-adjusted p-values)
 * and a statement of which differences are significant.
 */
public final class Report {
  private Report() {}

  /** The sweep facts the report's header states. */
  public record Header(String config, String engine, String master, int total, int completed, int failed,
      int pending, double seconds) {}

  /** Writes report.md and its PNGs into {@code dir}. */
  public static void write(Path dir, Header h, List<String> gridKeys, List<RunResult> results,
      List<RunOutcome> failures, String baseline) throws IOException {
    Groups groups = Groups.of(gridKeys, results);
    Map<String, String> curves = results.isEmpty() ? Map.of() : CurvePlots.write(dir, groups);
    StringBuilder b = new StringBuilder();
    b.append("# Sweep report\n\n");
    b.append(String.format(Locale.ROOT, "Config `%s`; engine %s (master `%s`); %d runs: %d finished, %d failed%s; "
        + "this call took %.1f s.%n%n", h.config(), h.engine(), h.master(), h.total(), h.completed(), h.failed(),
        h.pending() > 0 ? ", " + h.pending() + " not run yet (this report covers the finished runs only)" : "",
        h.seconds()));
    b.append("Accuracy is greedy held-out accuracy; intervals are 95% Student-t intervals over seeds (n = seeds).\n\n");
    means(b, groups);
    b.append("\n## Learning curves\n\n");
    curves.forEach((slice, file) -> b.append("![").append(slice).append("](").append(file).append(")\n\n"));
    String base = baseline(groups, baseline);
    paired(b, groups, base);
    if (!failures.isEmpty()) {
      b.append("\n## Failed runs\n\n");
      failures.forEach(f -> b.append("- `").append(f.name()).append("`: ").append(f.error()).append('\n'));
    }
    AtomicFiles.writeString(dir.resolve("report.md"), b.toString());
  }

  private static void means(StringBuilder b, Groups groups) {
    b.append("## Means over seeds\n\n");
    b.append("| slice | objective | seeds | start acc | final acc [95% CI] | best acc [95% CI] | mean reward | mean KL "
        + "| mean clip frac |\n|---|---|---|---|---|---|---|---|---|\n");
    groups.slices().forEach((slice, byObjective) -> byObjective.forEach((objective, runs) -> {
      b.append("| ").append(slice).append(" | ").append(objective).append(" | ").append(runs.size()).append(" | ");
      b.append(num(Stats.mean(col(runs, r -> r.first().accuracy())).mean())).append(" | ");
      b.append(ci(Stats.mean(col(runs, r -> r.last().accuracy())))).append(" | ");
      b.append(ci(Stats.mean(col(runs, r -> r.best().accuracy())))).append(" | ");
      b.append(num(Stats.mean(col(runs, RunResult::meanReward)).mean())).append(" | ");
      b.append(num(Stats.mean(col(runs, RunResult::meanKl)).mean())).append(" | ");
      b.append(num(Stats.mean(col(runs, RunResult::meanClipFrac)).mean())).append(" |\n");
    }));
  }

  private static void paired(StringBuilder b, Groups groups, String base) {
    b.append("## Paired differences against `").append(base).append("`\n\n");
    List<String[]> rows = new ArrayList<>();
    List<Stats.Estimate> estimates = new ArrayList<>();
    groups.slices().forEach((slice, byObjective) -> {
      List<RunResult> baseRuns = byObjective.get(base);
      if (baseRuns == null) {
        return;
      }
      byObjective.forEach((objective, runs) -> {
        if (!objective.equals(base)) {
          double[][] p = Groups.pairs(runs, baseRuns);
          estimates.add(Stats.paired(p[0], p[1]));
          rows.add(new String[] {slice, objective});
        }
      });
    });
    if (rows.isEmpty()) {
      b.append("No comparison: the grid needs an `objective` axis holding `").append(base)
          .append("` and at least one other objective.\n");
      return;
    }
    double[] p = estimates.stream().mapToDouble(Stats.Estimate::p).toArray();
    double[] holm = Stats.holm(p);
    b.append("Final accuracy minus the baseline's, paired by seed (same warm start, same prompts); paired t-test; "
        + "Holm's adjustment over all ").append(rows.size()).append(" comparisons.\n\n");
    b.append("| slice | objective | pairs | difference [95% CI] | p | Holm p | significant (Holm p < 0.05) |\n"
        + "|---|---|---|---|---|---|---|\n");
    List<String> significant = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Stats.Estimate e = estimates.get(i);
      boolean sig = holm[i] < 0.05;
      b.append("| ").append(rows.get(i)[0]).append(" | ").append(rows.get(i)[1]).append(" | ").append(e.n())
          .append(" | ").append(ci(e)).append(" | ").append(num(p[i])).append(" | ").append(num(holm[i]))
          .append(" | ").append(sig ? "yes" : "no").append(" |\n");
      if (sig) {
        significant.add(String.format(Locale.ROOT, "%s %s by %+.3f (%s)", rows.get(i)[1],
            e.mean() > 0 ? "beats " + base : "trails " + base, e.mean(), rows.get(i)[0]));
      }
    }
    b.append('\n');
    if (significant.isEmpty()) {
      b.append("**No difference from `").append(base).append("` is significant** at the 5% level after Holm's "
          + "adjustment (with few seeds only large effects can be).\n");
    } else {
      b.append("**Significant at the 5% level after Holm's adjustment:** ").append(String.join("; ", significant))
          .append(".\n");
    }
  }

  /** The baseline: the one asked for, else {@code grpo} when swept, else the first objective. */
  static String baseline(Groups groups, String asked) {
    if (asked != null) {
      return asked;
    }
    for (Map<String, List<RunResult>> byObjective : groups.slices().values()) {
      return byObjective.containsKey("grpo") ? "grpo" : byObjective.keySet().iterator().next();
    }
    return "grpo";
  }

  private static double[] col(List<RunResult> runs, java.util.function.ToDoubleFunction<RunResult> f) {
    return runs.stream().mapToDouble(f).toArray();
  }

  static String ci(Stats.Estimate e) {
    if (Double.isNaN(e.low())) {
      return num(e.mean());
    }
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.mean(), e.low(), e.high());
  }

  static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
  }
}
