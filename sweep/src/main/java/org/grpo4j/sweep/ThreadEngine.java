package org.grpo4j.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs each point as one task on a fixed pool of plain threads in this JVM, one run per thread at a time. */
public record ThreadEngine(int threads) implements Engine {
  /** Checks the pool has at least one thread. */
  public ThreadEngine {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads " + threads + " must be >= 1");
    }
  }

  @Override
  public List<RunOutcome> run(List<GridPoint> points, RunTask task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sweep-run");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<RunOutcome>> futures = new ArrayList<>();
      for (GridPoint p : points) {
        futures.add(pool.submit(() -> task.run(p)));
      }
      List<RunOutcome> out = new ArrayList<>();
      for (Future<RunOutcome> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a run task failed outside its run: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public String master() {
    return "threads[" + threads + "]";
  }
}
