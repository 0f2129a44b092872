package org.grpo4j.autograd;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A fixed pool that runs independent pieces of a kernel (chunks of rows, (batch, head) blocks) on every core.
 * Pieces are fixed by the caller, never by the thread count, and each piece writes only its own outputs, so results
 * are bit-identical for any number of threads. The calling thread claims pieces too and never waits for a worker
 * that has not started: on a busy machine the work simply stays on the caller. Work under {@link #minWork()}
 * element-operations stays on the calling thread (handing off costs more); see docs/perf.md for the measurements.
 */
public final class Parallel {
  private static volatile int threads = Math.max(1, Integer.getInteger("grpo4j.threads",
      Runtime.getRuntime().availableProcessors()));
  private static final long MIN_WORK = Long.getLong("grpo4j.parallel.minWork", 1L << 16);
  private static final ThreadLocal<Boolean> WORKER = ThreadLocal.withInitial(() -> false);
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(() -> {
      WORKER.set(true);
      r.run();
    }, "grpo4j-kernel");
    t.setDaemon(true);
    return t;
  });

  private Parallel() {}

  /** Threads the kernels use (the caller included): {@code -Dgrpo4j.threads}, default every core. */
  public static int threads() {
    return threads;
  }

  /** Sets the kernel thread count (at least 1); results do not depend on it, only speed does. */
  public static void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("kernel threads " + n + " must be at least 1");
    }
    threads = n;
  }

  /** True on a pool thread (nested kernels there run inline). */
  public static boolean inWorker() {
    return WORKER.get();
  }

  /** Element-operations below which a kernel stays on the calling thread ({@code -Dgrpo4j.parallel.minWork}). */
  public static long minWork() {
    return MIN_WORK;
  }

  /**
   * Runs {@code body} for each piece 0..pieces-1, on up to {@link #threads()} threads when {@code totalWork}
   * (element-operations over all pieces) reaches {@link #minWork()}, else in order on this thread.
   */
  public static void forEach(int pieces, long totalWork, IntConsumer body) {
    int t = Math.min(threads, pieces);
    if (t <= 1 || totalWork < MIN_WORK || WORKER.get()) {
      for (int i = 0; i < pieces; i++) {
        body.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable claim = () -> {
      try {
        for (int i; (i = next.getAndIncrement()) < pieces && failure.get() == null; ) {
          body.accept(i);
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    };
    for (int w = 1; w < t; w++) {
      POOL.execute(() -> {
        if (next.get() >= pieces) {
          return; // started too late: the caller has claimed everything
        }
        running.incrementAndGet();
        try {
          claim.run();
        } finally {
          synchronized (running) {
            running.decrementAndGet();
            running.notifyAll();
          }
        }
      });
    }
    claim.run();
    synchronized (running) {
      while (running.get() > 0) { // only workers that claimed a piece are waited for
        try {
          running.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while kernel pieces were running", e);
        }
      }
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error er) {
      throw er;
    }
  }
}
