package org.grpo4j.bench.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.grpo4j.autograd.ops.KernelSwitch;
import org.grpo4j.nn.io.AtomicFiles;

/**
 * {@code grpo4j bench --suite ab}: one peers workload timed in one process with a {@link KernelSwitch} off and on, in
 * blocks of calls that alternate (off-on, then on-off, ...), so both sides see the same JIT, heap and machine phase.
 * Each cycle gives the ratio of the on block's median call time to the off block's; the result is the median of
 * those ratios with its quartiles and a distribution-free 95% confidence interval (order statistics of the ratios,
 * binomial with p = 1/2: coverage at least 95% whatever their distribution). Process-by-process rounds on this
 * machine kind could not tell 2% apart; 60 cycles of the d=128 training step gave 95% intervals 2.6-3.7% wide
 * (docs/perf.md).
 */
public final class SwitchAb {
  /** The fewest cycles for which a 95% interval from order statistics exists (2 / 2^6 < 5%). */
  public static final int MIN_CYCLES = 6;

  /** The most cycles (the binomial tail is summed in doubles). */
  public static final int MAX_CYCLES = 1000;

  private SwitchAb() {}

  /**
   * The A/B of one run: median call times of each side, the median on/off ratio, its quartiles, its 95% interval
   * and the cycles in which the switch on was faster.
   */
  public record Result(String workload, KernelSwitch kernelSwitch, int cycles, int block, double offMs,
      double onMs, double ratio, double ratioQ1, double ratioQ3, double ratioLow95, double ratioHigh95,
      int onFaster) {}

  /**
   * Times {@code workload} with {@code kernelSwitch} off and on over {@code cycles} cycles of two blocks of
   * {@code block} calls each (0: twice the workload's calls per round, plus one), after {@code warmupSeconds} of
   * calls alternating the switch and two cycles left out; prints each cycle and the result, leaves the switch as it
   * found it, and writes {@code json} if given.
   */
  public static Result run(String workload, KernelSwitch kernelSwitch, int cycles, int block, double warmupSeconds,
      Path json, PrintStream out) throws IOException {
    Map<String, Supplier<PeerWorkload>> all = PeerWorkloads.all();
    if (!all.containsKey(workload)) {
      throw new IllegalArgumentException("unknown peers workload '" + workload + "'; expected one of " + all.keySet());
    }
    if (cycles < MIN_CYCLES || cycles > MAX_CYCLES) {
      throw new IllegalArgumentException("A/B cycles " + cycles + " outside [" + MIN_CYCLES + ", " + MAX_CYCLES
          + "] (fewer than " + MIN_CYCLES + " give no 95% interval)");
    }
    if (block < 0 || block > 1000) {
      throw new IllegalArgumentException("A/B block of " + block + " calls outside [1, 1000]");
    }
    if (!(warmupSeconds >= 0 && warmupSeconds <= PeersBenchmark.MAX_WARMUP_SECONDS)) {
      throw new IllegalArgumentException("warm-up " + warmupSeconds + " s is outside [0, "
          + PeersBenchmark.MAX_WARMUP_SECONDS + "]");
    }
    boolean initial = kernelSwitch.on();
    try {
      PeerWorkload w = all.get(workload).get();
      Runnable call = w.call();
      int calls = block == 0 ? 2 * w.reps() + 1 : block;
      long warmStart = System.nanoTime();
      for (int i = 0; i < 2 || System.nanoTime() - warmStart < warmupSeconds * 1e9; i++) {
        kernelSwitch.set(i % 2 == 1); // both paths compiled
        call.run();
      }
      double[] off = new double[cycles];
      double[] on = new double[cycles];
      double[] ratios = new double[cycles];
      for (int c = -2; c < cycles; c++) {
        double[] median = new double[2]; // [off, on]
        for (int side = 0; side < 2; side++) {
          boolean state = (side == 0) == (Math.floorMod(c, 2) == 1); // off-on, then on-off
          kernelSwitch.set(state);
          median[state ? 1 : 0] = medianCallMs(call, calls);
        }
        if (c >= 0) {
          off[c] = median[0];
          on[c] = median[1];
          ratios[c] = median[1] / median[0];
          out.printf("  cycle %d/%d: off %.2f ms, on %.2f ms, on/off %.4f%n", c + 1, cycles, off[c], on[c],
              ratios[c]);
        }
      }
      Result r = summarize(workload, kernelSwitch, calls, off, on, ratios);
      out.printf("%s, %s on/off: %.4f of the time (quartiles %.4f-%.4f; 95%% interval %.4f-%.4f); on faster in %d"
          + " of %d cycles; medians off %.2f ms, on %.2f ms%n", workload, name(kernelSwitch), r.ratio(), r.ratioQ1(),
          r.ratioQ3(), r.ratioLow95(), r.ratioHigh95(), r.onFaster(), cycles, r.offMs(), r.onMs());
      if (json != null) {
        write(r, json);
        out.println("wrote " + json);
      }
      return r;
    } finally {
      kernelSwitch.set(initial);
    }
  }

  /** The switch's name as the CLI spells it. */
  static String name(KernelSwitch s) {
    return s.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The result of per-cycle medians {@code off}, {@code on} and their ratios. */
  static Result summarize(String workload, KernelSwitch s, int block, double[] off, double[] on, double[] ratios) {
    int n = ratios.length;
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    int k = medianRank95(n);
    int faster = 0;
    for (double r : ratios) {
      faster += r < 1 ? 1 : 0;
    }
    return new Result(workload, s, n, block, median(off), median(on), median(ratios), quantile(sorted, 0.25),
        quantile(sorted, 0.75), sorted[k - 1], sorted[n - k], faster);
  }

  /**
   * The largest k with P(Binomial(n, 1/2) < k) <= 0.025: the k-th smallest and k-th largest of n samples bound their
   * median with probability at least 95%. 0 when no such interval exists (n < 6).
   */
  static int medianRank95(int n) {
    double pmf = Math.pow(0.5, n); // P(X = 0)
    double below = 0; // P(X < k)
    int k = 0;
    while (k < n && below + pmf <= 0.025) {
      below += pmf;
      k++;
      pmf *= (double) (n - k + 1) / k; // P(X = k)
    }
    return k;
  }

  private static double medianCallMs(Runnable call, int block) {
    double[] t = new double[block];
    for (int i = 0; i < block; i++) {
      long t0 = System.nanoTime();
      call.run();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    return median(t);
  }

  static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return quantile(s, 0.5);
  }

  /** The q-quantile of sorted values, interpolated linearly between order statistics. */
  private static double quantile(double[] sorted, double q) {
    double at = q * (sorted.length - 1);
    int lo = (int) Math.floor(at);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
  }

  private static void write(Result r, Path json) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("impl", "grpo4j");
    doc.put("workload", r.workload());
    doc.put("switch", name(r.kernelSwitch()));
    doc.put("cycles", r.cycles());
    doc.put("block", r.block());
    doc.put("off_median_ms", r.offMs());
    doc.put("on_median_ms", r.onMs());
    doc.put("ratio_on_off", r.ratio());
    doc.put("ratio_q1", r.ratioQ1());
    doc.put("ratio_q3", r.ratioQ3());
    doc.put("ratio_low_95", r.ratioLow95());
    doc.put("ratio_high_95", r.ratioHigh95());
    doc.put("on_faster_cycles", r.onFaster());
    doc.put("openblas_coretype", PeersBenchmark.blasCore());
    doc.put("glibc_tunables", PeersBenchmark.mallocTunables());
    doc.put("machine", System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    AtomicFiles.write(json, os -> mapper.writeValue(os, doc)); // never a half-written file
  }
}
