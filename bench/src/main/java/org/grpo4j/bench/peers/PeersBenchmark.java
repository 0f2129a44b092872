package org.grpo4j.bench.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.grpo4j.nn.io.AtomicFiles;

/**
 * {@code grpo4j bench --suite peers}: torch_bench.py's workloads timed as that script times them (warm-up, then
 * rounds of {@code reps} calls; median, min and max milliseconds per call), the machine's limits measured in the
 * same run with each workload's share of them, and the same JSON shape ({@code results}: workload, median_ms,
 * min_ms, max_ms, tokens_per_s). The warm-up is the script's two calls, then more calls until {@code warmupSeconds}
 * have passed: the JVM compiles the hot loops while they run, and on 2 cores a small workload takes about 10 s to
 * reach its steady speed (docs/perf.md, "JIT warm-up"); the copy of torch_bench.py in bench/peer takes the same
 * {@code --warmup-s} so both sides warm up alike. The limits are measured first and again after each workload; each
 * workload's shares are given of the limits measured beside it (the better of those just before and just after;
 * {@code *_beside} in the JSON) and of the best limits of the whole run (the conservative {@code share_of_sgemm}),
 * because this machine kind's speed drifts by up to 1.8x within a run.
 */
public final class PeersBenchmark {
  /** Seconds of untimed calls before a workload's rounds unless told otherwise (the JIT's 5-11 s on 2 cores). */
  public static final double DEFAULT_WARMUP_SECONDS = 10;

  /** The longest warm-up accepted. */
  public static final double MAX_WARMUP_SECONDS = 3600;

  private PeersBenchmark() {}

  /** Runs the workloads named in {@code only} (all when empty), prints a table and writes {@code json} if given. */
  public static List<Map<String, Object>> run(boolean quick, double warmupSeconds, Set<String> only, Path json,
      PrintStream out) throws IOException {
    if (!(warmupSeconds >= 0 && warmupSeconds <= MAX_WARMUP_SECONDS)) {
      throw new IllegalArgumentException("warm-up " + warmupSeconds + " s is outside [0, " + MAX_WARMUP_SECONDS + "]");
    }
    Map<String, Supplier<PeerWorkload>> all = PeerWorkloads.all();
    for (String name : only) {
      if (!all.containsKey(name)) {
        throw new IllegalArgumentException("unknown peers workload '" + name + "'; expected one of " + all.keySet());
      }
    }
    MachineLimits limits = Boolean.parseBoolean(System.getProperty("grpo4j.peers.limits", "true"))
        ? MachineLimits.measure(quick) : null; // bench/ab skips them: it times two builds, not the machine
    if (limits != null) {
      printLimits("machine", limits, out);
    }
    List<Map<String, Object>> results = new ArrayList<>();
    MachineLimits before = limits;
    MachineLimits best = limits;
    for (Map.Entry<String, Supplier<PeerWorkload>> e : all.entrySet()) {
      if (!only.isEmpty() && !only.contains(e.getKey())) {
        continue;
      }
      Map<String, Object> r = time(e.getValue().get(), quick, warmupSeconds, out);
      System.gc(); // let the limits and the next workload run without this one's model
      if (before != null) { // the limits again, right after it: the machine's speed drifts within minutes
        MachineLimits after = MachineLimits.measure(true);
        MachineLimits beside = before.best(after);
        out.printf("  limits beside it: sgemm %.0f GFLOP/s, copy %.1f GB/s -> %s%n", beside.sgemmGflops(),
            beside.bandwidthGbPerS(), shares(r, beside, "_beside"));
        r.put("sgemm_gflops_beside", beside.sgemmGflops());
        best = best.best(after);
        before = after;
      }
      results.add(r);
    }
    if (best != null && !results.isEmpty()) {
      printLimits("machine, best of the run", best, out);
      out.println("shares of the run's best limits:");
      for (Map<String, Object> r : results) {
        out.printf("  %-20s %s%n", r.get("workload"), shares(r, best, ""));
      }
    }
    if (json != null) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("impl", "grpo4j");
      doc.put("version", System.getProperty("grpo4j.version", "dev"));
      doc.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
      doc.put("warmup_s", warmupSeconds);
      doc.put("machine", System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores");
      doc.put("limits", limitsJson(best)); // the run's best: what share_of_sgemm and share_of_bandwidth are of
      doc.put("limits_start", limitsJson(limits));
      doc.put("results", results);
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      AtomicFiles.write(json, os -> mapper.writeValue(os, doc)); // never a half-written file
      out.println("wrote " + json);
    }
    return results;
  }

  private static void printLimits(String what, MachineLimits l, PrintStream out) {
    out.printf("%s: %d cores; sgemm %.0f GFLOP/s on 1 BLAS thread, %.0f on %d (peak at n=%d; OpenBLAS kernels: %s);"
        + " streaming copy %.1f GB/s (1 thread), %.1f GB/s (%d threads); GLIBC_TUNABLES %s%n", what, l.cores(),
        l.sgemmGflops1(), l.sgemmGflopsAll(), l.cores(), l.sgemmSize(), blasCore(), l.copyGbPerS1(),
        l.copyGbPerSAll(), l.cores(), mallocTunables());
  }

  /** The OpenBLAS core the process was started with ({@code OPENBLAS_CORETYPE}), or "detected" when unset. */
  static String blasCore() {
    String core = System.getenv("OPENBLAS_CORETYPE");
    return core == null || core.isBlank() ? "detected" : core;
  }

  /** The glibc tunables the process was started with ({@code GLIBC_TUNABLES}; bin/malloc-env.sh), or "none". */
  static String mallocTunables() {
    String t = System.getenv("GLIBC_TUNABLES");
    return t == null || t.isBlank() ? "none" : t;
  }

  private static Map<String, Object> limitsJson(MachineLimits l) {
    return l == null ? null : Map.of("sgemm_gflops", l.sgemmGflops(), "sgemm_gflops_1_thread", l.sgemmGflops1(),
        "sgemm_gflops_all_threads", l.sgemmGflopsAll(), "sgemm_n", l.sgemmSize(), "copy_gb_per_s_1_thread",
        l.copyGbPerS1(), "copy_gb_per_s_all_threads", l.copyGbPerSAll(), "openblas_coretype", blasCore(),
        "glibc_tunables", mallocTunables());
  }

  private static Map<String, Object> time(PeerWorkload w, boolean quick, double warmupSeconds, PrintStream out) {
    int rounds = quick ? Math.max(2, w.rounds() / 2) : w.rounds();
    long warmStart = System.nanoTime();
    w.call().run();
    if (!quick) {
      w.call().run();
    }
    while (System.nanoTime() - warmStart < warmupSeconds * 1e9) {
      w.call().run();
    }
    double[] per = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < w.reps(); i++) {
        w.call().run();
      }
      per[r] = (System.nanoTime() - t0) / 1e6 / w.reps();
    }
    double[] s = per.clone();
    Arrays.sort(s);
    double med = MachineLimits.median(per);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("workload", w.name());
    r.put("impl", "grpo4j");
    r.put("median_ms", med);
    r.put("min_ms", s[0]);
    r.put("max_ms", s[s.length - 1]);
    r.put("tokens_per_s", w.tokens() == 0 ? null : w.tokens() / (med / 1e3));
    double gflops = w.flops() / (med / 1e3) / 1e9;
    r.put("gflops", gflops);
    String line = String.format("%-20s %10.3f ms [%.3f..%.3f]%s  %.1f GFLOP/s", w.name(), med, s[0],
        s[s.length - 1], w.tokens() == 0 ? "" : String.format("  %.0f tokens/s", w.tokens() / (med / 1e3)), gflops);
    if (w.weightBytes() > 0) {
      r.put("weight_gb_per_s", w.weightBytes() / (med / 1e3) / 1e9);
    }
    out.println(line);
    return r;
  }

  /**
   * Puts the workload's shares of {@code l} into r (share_of_sgemm, and share_of_bandwidth for decoding, each with
   * {@code suffix}) and returns them as words.
   */
  private static String shares(Map<String, Object> r, MachineLimits l, String suffix) {
    double share = (Double) r.get("gflops") / l.sgemmGflops();
    r.put("share_of_sgemm" + suffix, share);
    String words = String.format("%.1f%% of sgemm", 100 * share);
    if (r.containsKey("weight_gb_per_s")) {
      double bw = (Double) r.get("weight_gb_per_s") / l.bandwidthGbPerS();
      r.put("share_of_bandwidth" + suffix, bw);
      words += String.format(", weights %.2f GB/s = %.1f%% of copy bandwidth", (Double) r.get("weight_gb_per_s"),
          100 * bw);
    }
    return words;
  }


  /** {@code [--quick] [--warmup-s S] [--only a,b] [--json FILE]}: for running against another build's jars. */
  public static void main(String[] args) throws IOException {
    List<String> a = Arrays.asList(args);
    int o = a.indexOf("--only");
    int j = a.indexOf("--json");
    int ws = a.indexOf("--warmup-s");
    Set<String> only = o < 0 ? Set.of() : Set.of(a.get(o + 1).split(","));
    double warmup = ws < 0 ? DEFAULT_WARMUP_SECONDS : Double.parseDouble(a.get(ws + 1));
    run(a.contains("--quick"), warmup, only, j < 0 ? null : Path.of(a.get(j + 1)), System.out);
    System.exit(0);
  }
}
