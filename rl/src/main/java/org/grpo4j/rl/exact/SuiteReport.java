package org.grpo4j.rl.exact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.grpo4j.nn.io.AtomicFiles;

/** Writes {@link ExperimentSuite}'s report.md (findings and inline plots) and summary.json (intervals as objects). */
final class SuiteReport {
  private SuiteReport() {}

  /** {"value", "ci_low", "ci_high"} (null bounds when the interval is unbounded). */
  static Map<String, Object> interval(Interval i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("value", i.value());
    m.put("ci_low", Double.isFinite(i.low()) ? i.low() : null);
    m.put("ci_high", Double.isFinite(i.high()) ? i.high() : null);
    return m;
  }

  /** An ordered map of alternating keys and values; intervals become {@link #interval} objects. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      m.put((String) kv[i], v instanceof Interval iv ? interval(iv) : v);
    }
    return m;
  }

  /** Writes report.md and summary.json into {@code out} and prints the findings. */
  static void write(Path out, List<Finding> findings, List<String> notes, Map<String, Object> json, boolean quick,
      long seed, double seconds, PrintStream log) {
    long held = findings.stream().filter(Finding::held).count();
    StringBuilder md = new StringBuilder("# Convergence theory on the token tree: every experiment\n\n");
    md.append(String.format(Locale.ROOT, "`grpo4j experiment all%s --seed %d`: %d of %d expectations held; %.1f s."
        + " Intervals are 95%% (Student t over seeds, repetitions or chunks; least squares for single curves).%n%n",
        quick ? " --quick" : "", seed, held, findings.size(), seconds));
    md.append("| experiment | expectation (spec/convergence.md) | measured [95% interval] | rule | held |\n");
    md.append("|---|---|---|---|---|\n");
    for (Finding f : findings) {
      md.append("| ").append(f.experiment()).append(" | ").append(f.expectation().replace("|", "\\|")).append(" | ")
          .append(f.measured().format(4)).append(" | ").append(f.rule()).append(" | ")
          .append(f.held() ? "yes" : "**no**").append(" |\n");
    }
    md.append("\n## How to read the criteria\n\n");
    for (String n : notes) {
      md.append("- ").append(n).append("\n");
    }
    md.append("\n## Plots\n\n");
    for (String p : List.of("e1-bias/bias_T6.png", "e1-bias/old-vs-current.png", "e1-bias/iterates_T6_adam.png",
        "e1-bias-markov/bias_T6.png",
        "e2-variance/variance_delta3.00.png", "e2-covariance/covariance.png", "e3-convergence/grad-norm.png",
        "e3-convergence/objective.png", "e3-adam/objective.png", "e3-constant/objective.png",
        "e4-staleness/staleness_eta1.00.png", "e5-group-size/group-size.png", "bridge/bridge.png",
        "bridge-e3/grad-norm.png", "bridge-e3/objective.png", "bridge-e3-adam/objective.png",
        "bridge-e3-constant/objective.png")) {
      md.append("![").append(p).append("](").append(p).append(")\n\n");
    }
    md.append("Each subdirectory holds its experiment's CSV and summary.md with every number.\n");
    Map<String, Object> all = new LinkedHashMap<>(json);
    all.put("notes", notes);
    all.put("held", held);
    all.put("expectations", findings.size());
    all.put("quick", quick);
    all.put("seed", seed);
    all.put("seconds", Math.round(seconds * 10) / 10.0);
    try {
      AtomicFiles.writeString(out.resolve("report.md"), md.toString());
      AtomicFiles.writeString(out.resolve("summary.json"), new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report.md and summary.json to " + out, e);
    }
    log.println();
    log.print(md);
    log.println("wrote " + out.resolve("report.md") + " and " + out.resolve("summary.json"));
  }
}
