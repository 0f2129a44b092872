package org.grpo4j.autograd.ops;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Whether the machine has cores to spare for a product's tiles: the 1-minute load average (read at most every
 * 250 ms) is below {@code -Dgrpo4j.blas.tileLoadMax} (default: 3 per core; on 2 cores tiles on the pool won at load
 * 4-6 and lost at 13-17). Above it the tiles run in order on the calling thread, because a pool thread that the
 * scheduler preempts in the middle of a tile holds the caller up for a whole time slice (docs/perf.md). Tiles are
 * fixed by the shape, so the gate changes speed only, never results.
 */
final class LoadGate {
  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
  private static volatile double maxLoad = Double.parseDouble(System.getProperty("grpo4j.blas.tileLoadMax",
      String.valueOf(3 * Runtime.getRuntime().availableProcessors())));
  private static volatile long readAt = Long.MIN_VALUE;
  private static volatile double load;

  private LoadGate() {}

  /** True when tiles may go to the pool: the load average is below the limit (or unknown). */
  static boolean open() {
    long now = System.nanoTime();
    if (now - readAt > 250_000_000L || readAt == Long.MIN_VALUE) {
      load = OS.getSystemLoadAverage(); // negative where the platform has none
      readAt = now;
    }
    return load < maxLoad;
  }

  /** Sets the load average from which tiles stay on the caller; returns the previous limit (for tests). */
  static double setMaxLoad(double limit) {
    double old = maxLoad;
    maxLoad = limit;
    return old;
  }
}
