package org.grpo4j.sandbox;

/**
 * How a {@link SandboxPool} runs its workers: how many, the heap of each ({@code -Xmx}), how long past a program's
 * time limit the pool waits before killing its worker, and how long a worker may take to start.
 */
public record PoolConfig(int workers, int heapMb, long killGraceMillis, long startTimeoutMillis) {
  /** Checks the counts and durations. */
  public PoolConfig {
    if (workers < 1 || workers > 256) {
      throw new IllegalArgumentException("pool: workers " + workers + " must be in [1, 256]");
    }
    if (heapMb < 32) {
      throw new IllegalArgumentException("pool: heapMb " + heapMb + " must be >= 32");
    }
    if (killGraceMillis < Worker.SOFT_GRACE_MILLIS + 100) {
      throw new IllegalArgumentException("pool: killGraceMillis " + killGraceMillis + " must be >= "
          + (Worker.SOFT_GRACE_MILLIS + 100) + " (the worker's own grace plus a margin)");
    }
    if (startTimeoutMillis < 100) {
      throw new IllegalArgumentException("pool: startTimeoutMillis " + startTimeoutMillis + " must be >= 100");
    }
  }

  /** One worker per core, 256 MB heaps, a 2 s kill grace and 60 s to start. */
  public static PoolConfig defaults() {
    return new PoolConfig(Runtime.getRuntime().availableProcessors(), 256, 2_000, 60_000);
  }

  /** This configuration with another worker count. */
  public PoolConfig withWorkers(int n) {
    return new PoolConfig(n, heapMb, killGraceMillis, startTimeoutMillis);
  }

  /** This configuration with another worker heap in megabytes. */
  public PoolConfig withHeapMb(int mb) {
    return new PoolConfig(workers, mb, killGraceMillis, startTimeoutMillis);
  }
}
