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

/**
 * {@code grpo4j bench --suite peers}: torch_bench.py's workloads timed as that script times them (warm-up, then
 * rounds of {@code reps} calls; median, min and max milliseconds per call), the machine's limits measured in the
 * same run with each workload's share of them, and the same JSON shape ({@code results}: workload, median_ms,
 * min_ms, max_ms, tokens_per_s). The warm-up is the script's two calls, then more calls until {@code warmupSeconds}
 * have passed: the JVM compiles the hot loops while they run, and on 2 cores a small workload takes about 10 s to
 * reach its steady speed (docs/perf.md, "JIT warm-up"); the copy of torch_bench.py in bench/peer takes the same
 * {@code --warmup-s} so both sides warm up alike.
 */
public final class PeersBenchmark {
  private PeersBenchmark() {}

  /** Runs the workloads named in {@code only} (all when empty), prints a table and writes {@code json} if given. */
  public static List<Map<String, Object>> run(boolean quick, double warmupSeconds, Set<String> only, Path json,
      PrintStream out) throws IOException {
    if (!(warmupSeconds >= 0 && warmupSeconds <= 3600)) {
      throw new IllegalArgumentException("warm-up " + warmupSeconds + " s is outside [0, 3600]");
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
      out.printf("machine: %d cores; sgemm %.0f GFLOP/s on 1 BLAS thread, %.0f on %d (peak at n=%d); streaming copy"
        + " %.1f GB/s (1 thread), %.1f GB/s (%d threads)%n", limits.cores(), limits.sgemmGflops1(),
        limits.sgemmGflopsAll(), limits.cores(), limits.sgemmSize(), limits.copyGbPerS1(), limits.copyGbPerSAll(),
        limits.cores());
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (Map.Entry<String, Supplier<PeerWorkload>> e : all.entrySet()) {
      if (!only.isEmpty() && !only.contains(e.getKey())) {
        continue;
      }
      PeerWorkload w = e.getValue().get();
      results.add(time(w, quick, warmupSeconds, limits, out));
      System.gc(); // let the next workload start without this one's model
    }
    if (json != null) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("impl", "grpo4j");
      doc.put("version", System.getProperty("grpo4j.version", "dev"));
      doc.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
      doc.put("warmup_s", warmupSeconds);
      doc.put("machine", System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores");
      doc.put("limits", limits == null ? null : Map.of("sgemm_gflops", limits.sgemmGflops(), "sgemm_gflops_1_thread", limits.sgemmGflops1(),
          "sgemm_gflops_all_threads", limits.sgemmGflopsAll(), "sgemm_n", limits.sgemmSize(),
          "copy_gb_per_s_1_thread", limits.copyGbPerS1(), "copy_gb_per_s_all_threads", limits.copyGbPerSAll()));
      doc.put("results", results);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
      out.println("wrote " + json);
    }
    return results;
  }

  private static Map<String, Object> time(PeerWorkload w, boolean quick, double warmupSeconds, MachineLimits limits,
      PrintStream out) {
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
    if (limits == null) {
      out.println(line);
      return r;
    }
    r.put("share_of_sgemm", gflops / limits.sgemmGflops());
    String extra = "";
    if (w.weightBytes() > 0) {
      double gbs = w.weightBytes() / (med / 1e3) / 1e9;
      r.put("weight_gb_per_s", gbs);
      r.put("share_of_bandwidth", gbs / limits.bandwidthGbPerS());
      extra = String.format("  weights %.2f GB/s = %.1f%% of copy bandwidth", gbs, 100 * gbs / limits.bandwidthGbPerS());
    }
    out.printf("%s = %.0f%% of sgemm%s%n", line, 100 * gflops / limits.sgemmGflops(), extra);
    return r;
  }

  /** {@code [--quick] [--warmup-s S] [--only a,b] [--json FILE]}: for running against another build's jars. */
  public static void main(String[] args) throws IOException {
    List<String> a = Arrays.asList(args);
    int o = a.indexOf("--only");
    int j = a.indexOf("--json");
    int ws = a.indexOf("--warmup-s");
    Set<String> only = o < 0 ? Set.of() : Set.of(a.get(o + 1).split(","));
    double warmup = ws < 0 ? 10 : Double.parseDouble(a.get(ws + 1));
    run(a.contains("--quick"), warmup, only, j < 0 ? null : Path.of(a.get(j + 1)), System.out);
    System.exit(0);
  }
}
