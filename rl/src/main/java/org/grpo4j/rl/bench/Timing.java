package org.grpo4j.rl.bench;

import java.util.Arrays;

/** Wall-clock timing of a repeated call: warm-up, then rounds of calls; reports the median and quartiles. */
public final class Timing {
  private Timing() {}

  /** Per-call milliseconds: median and interquartile range over rounds. */
  public record Stats(double medianMs, double q1Ms, double q3Ms, int calls) {
    @Override
    public String toString() {
      return String.format("%8.3f ms  [%.3f, %.3f]", medianMs, q1Ms, q3Ms);
    }
  }

  /** Warms up for {@code warmupMs}, then times {@code rounds} rounds of calls lasting about {@code roundMs} each. */
  public static Stats measure(Runnable call, long warmupMs, int rounds, long roundMs) {
    long end = System.nanoTime() + warmupMs * 1_000_000;
    int perRound = 0;
    long t0 = System.nanoTime();
    do {
      call.run();
      perRound++;
    } while (System.nanoTime() < end);
    double perCallNs = (System.nanoTime() - t0) / (double) perRound;
    int n = Math.max(1, (int) (roundMs * 1e6 / perCallNs));
    double[] ms = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long s = System.nanoTime();
      for (int i = 0; i < n; i++) {
        call.run();
      }
      ms[r] = (System.nanoTime() - s) / 1e6 / n;
    }
    Arrays.sort(ms);
    return new Stats(quantile(ms, 0.5), quantile(ms, 0.25), quantile(ms, 0.75), n * rounds);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
