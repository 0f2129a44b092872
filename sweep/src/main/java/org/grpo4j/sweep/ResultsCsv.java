package org.grpo4j.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.nio.file.Path;
import org.grpo4j.nn.io.AtomicFiles;

/** {@code results.csv}: one row per finished run, its grid values then its numbers; {@code seconds} is last. */
public final class ResultsCsv {
  private ResultsCsv() {}

  /** The CSV text of {@code results} (in the order given) with the grid columns {@code gridKeys}. */
  public static String text(List<String> gridKeys, List<RunResult> results) {
    StringBuilder b = new StringBuilder();
    List<String> head = new ArrayList<>();
    head.add("run");
    head.addAll(gridKeys);
    head.addAll(List.of("first_step", "first_accuracy", "final_step", "final_accuracy", "final_ci_low",
        "final_ci_high", "best_step", "best_accuracy", "best_ci_low", "best_ci_high", "eval_n", "mean_reward",
        "final_reward", "mean_kl", "mean_clip_frac", "mean_entropy", "mean_length", "seconds"));
    b.append(String.join(",", head)).append('\n');
    for (RunResult r : results) {
      List<String> row = new ArrayList<>();
      row.add(cell(r.point().name()));
      gridKeys.forEach(k -> row.add(cell(r.point().plain(k))));
      RunResult.Eval f = r.first();
      RunResult.Eval l = r.last();
      RunResult.Eval best = r.best();
      row.add(Integer.toString(f.step()));
      row.add(acc(f.accuracy()));
      row.add(Integer.toString(l.step()));
      row.addAll(List.of(acc(l.accuracy()), acc(l.ciLow()), acc(l.ciHigh())));
      row.add(Integer.toString(best.step()));
      row.addAll(List.of(acc(best.accuracy()), acc(best.ciLow()), acc(best.ciHigh())));
      row.add(Integer.toString(l.n()));
      row.addAll(List.of(num(r.meanReward()), num(r.finalReward()), num(r.meanKl()), num(r.meanClipFrac()),
          num(r.meanEntropy()), num(r.meanLength())));
      row.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
      b.append(String.join(",", row)).append('\n');
    }
    return b.toString();
  }

  /** Writes {@link #text} to {@code file} atomically. */
  public static void write(Path file, List<String> gridKeys, List<RunResult> results) throws IOException {
    AtomicFiles.writeString(file, text(gridKeys, results));
  }

  static String acc(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v);
  }

  private static String cell(String s) {
    if (s == null) {
      return "";
    }
    return s.matches("[^,\"\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
