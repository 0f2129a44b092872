package org.grpo4j.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock timing of competing implementations: each is warmed up, then rounds are interleaved (A, B, C, A, B,
 * C, ...) so that a change in machine load hits all of them alike, with an untimed collection and a few untimed calls before each
 * round, so that no implementation pays for another's garbage or for caches a collection cleared; reports per-call median and quartiles.
 */
public final class Timing {
  private Timing() {}

  /** Per-call milliseconds: median and interquartile range over rounds. */
  public record Stats(double medianMs, double q1Ms, double q3Ms, int calls) {
    @Override
    public String toString() {
      return String.format("%8.3f ms  [%.3f, %.3f]", medianMs, q1Ms, q3Ms);
    }
  }

  /** Times every call in {@code calls} (insertion order) over interleaved rounds of about {@code roundMs} each. */
  public static Map<String, Stats> compare(Map<String, Runnable> calls, long warmupMs, int rounds, long roundMs) {
    Map<String, Integer> perRound = new LinkedHashMap<>();
    calls.forEach((name, call) -> perRound.put(name, callsPerRound(call, warmupMs, roundMs)));
    Map<String, double[]> ms = new LinkedHashMap<>();
    calls.keySet().forEach(name -> ms.put(name, new double[rounds]));
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, Runnable> e : calls.entrySet()) {
        int n = perRound.get(e.getKey());
        System.gc(); // untimed: reclaim every implementation's garbage (and native buffers) before each round
        for (int i = 0; i < Math.max(2, n / 5); i++) {
          e.getValue().run(); // untimed: refill whatever caches the collection cleared
        }
        long s = System.nanoTime();
        for (int i = 0; i < n; i++) {
          e.getValue().run();
        }
        ms.get(e.getKey())[r] = (System.nanoTime() - s) / 1e6 / n;
      }
    }
    Map<String, Stats> out = new LinkedHashMap<>();
    ms.forEach((name, v) -> {
      Arrays.sort(v);
      out.put(name, new Stats(quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75), v.length * perRound.get(name)));
    });
    return out;
  }

  /** Warms {@code call} up for {@code warmupMs} and returns how many calls fill about {@code roundMs}. */
  private static int callsPerRound(Runnable call, long warmupMs, long roundMs) {
    long end = System.nanoTime() + warmupMs * 1_000_000;
    int n = 0;
    long t0 = System.nanoTime();
    do {
      call.run();
      n++;
    } while (System.nanoTime() < end);
    double perCallNs = (System.nanoTime() - t0) / (double) n;
    return Math.max(1, (int) (roundMs * 1e6 / perCallNs));
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
