package org.grpo4j.autograd;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed pool that runs independent pieces of a kernel (chunks of rows, (batch, head) blocks) on every core.
 * Pieces are fixed by the caller, never by the thread count, and each piece writes only its own outputs, so results
 * are bit-identical for any number of threads. The calling thread claims pieces too and never waits for a worker
 * that has not started: on a busy machine the work simply stays on the caller. Work under {@link #minWork()}
 * element-operations stays on the calling thread (handing off costs more); see docs/perf.md for the measurements.
 * Workers spin for {@code -Dgrpo4j.parallel.spinMicros} (default 500) after a job before they park, so the many
 * short parallel sections of one training step hand off in about a microsecond instead of a wake-up's 13-15, and a
 * decode step's products, a few hundred microseconds apart, find the worker awake (on a KVM guest 500 against 50
 * took 0.77-0.85 of the time sampling and 0.83-0.96 decoding GPT-2 small; docs/perf.md); one caller at a time owns
 * the workers, and a second concurrent caller runs its pieces itself.
 */
public final class Parallel {
  private static volatile int threads = Math.max(1, Integer.getInteger("grpo4j.threads",
      Runtime.getRuntime().availableProcessors()));
  private static final long MIN_WORK = Long.getLong("grpo4j.parallel.minWork", 1L << 16);
  private static final long SPIN_NANOS = Long.getLong("grpo4j.parallel.spinMicros", 500) * 1_000;
  private static final ThreadLocal<Boolean> WORKER = ThreadLocal.withInitial(() -> false);
  private static final AtomicReference<Job> CURRENT = new AtomicReference<>();
  private static final List<Worker> WORKERS = new CopyOnWriteArrayList<>();
  private static final AtomicLong JOBS = new AtomicLong();

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
    Job job = t <= 1 || totalWork < MIN_WORK || WORKER.get() ? null : new Job(pieces, t - 1, body);
    if (job == null || !CURRENT.compareAndSet(null, job)) { // small, nested, or another caller owns the workers
      for (int i = 0; i < pieces; i++) {
        body.accept(i);
      }
      return;
    }
    try {
      wake(t - 1);
      job.claim();
    } finally {
      CURRENT.set(null); // no worker joins from here on; those that joined are waited for
    }
    job.awaitWorkers();
    Throwable e = job.failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error er) {
      throw er;
    }
  }

  /** Starts workers up to {@code n} and unparks the first {@code n} that sleep. */
  private static void wake(int n) {
    while (WORKERS.size() < n) {
      synchronized (WORKERS) {
        if (WORKERS.size() < n) {
          WORKERS.add(new Worker());
        }
      }
    }
    for (int i = 0; i < n; i++) {
      Worker w = WORKERS.get(i);
      if (w.parked) {
        LockSupport.unpark(w.thread);
      }
    }
  }

  /** One call's pieces: a shared counter that the caller and the workers that join claim from. */
  private static final class Job {
    final long id = JOBS.incrementAndGet(); // workers remember ids, not jobs: a finished body is not kept alive
    final int pieces;
    final IntConsumer body;
    final Thread caller = Thread.currentThread();
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger seats; // workers that may still join (threads - 1)
    final AtomicInteger running = new AtomicInteger(); // workers that joined and have not finished
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(int pieces, int seats, IntConsumer body) {
      this.pieces = pieces;
      this.seats = new AtomicInteger(seats);
      this.body = body;
    }

    void claim() {
      try {
        for (int i; (i = next.getAndIncrement()) < pieces && failure.get() == null; ) {
          body.accept(i);
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }

    /** A worker's turn: take a seat, claim pieces, leave (waking the caller when it was the last). */
    void join() {
      if (seats.getAndDecrement() <= 0) {
        return;
      }
      running.incrementAndGet(); // before any claim: the caller waits for every worker that can hold a piece
      try {
        if (next.get() < pieces) {
          claim();
        }
      } finally {
        if (running.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    }

    /** Waits until no worker holds a piece: spins first (pieces end together), then parks. */
    void awaitWorkers() {
      long start = System.nanoTime();
      while (running.get() > 0) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(this, 100_000);
        }
      }
    }
  }

  /** The published job unless it is job {@code seen} (a worker keeps no reference to a job it has done). */
  private static Job newSince(long seen) {
    Job job = CURRENT.get();
    return job == null || job.id == seen ? null : job;
  }

  /** A daemon kernel thread: joins each published job once, spins a while after it, then parks. */
  private static final class Worker implements Runnable {
    final Thread thread;
    volatile boolean parked;

    Worker() {
      thread = new Thread(this, "grpo4j-kernel");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void run() {
      WORKER.set(true);
      long seen = 0;
      long idleSince = System.nanoTime();
      while (true) {
        Job job = newSince(seen);
        if (job != null) {
          seen = job.id;
          job.join();
          job = null;
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          parked = true;
          if (newSince(seen) == null) { // a job published after the check above must not be slept through
            LockSupport.park(this);
          }
          parked = false;
          idleSince = System.nanoTime();
        }
      }
    }
  }
}
