package org.grpo4j.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;

/**
 * A pool of worker JVMs that run programs; thread-safe. Workers start lazily (at most {@link PoolConfig#workers()}
 * at a time), a worker that dies, is killed on its hard deadline or runs out of memory is replaced, and every
 * request gets a result. The pool's workers die with {@link #close()} or with this JVM.
 */
public final class SandboxPool implements AutoCloseable {
  private static volatile SandboxPool shared;

  private final PoolConfig config;
  private final Semaphore slots;
  private final ConcurrentLinkedQueue<WorkerHandle> idle = new ConcurrentLinkedQueue<>();
  private final Set<WorkerHandle> live = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor reaper;
  private final ExecutorService callers;
  private final Thread hook;
  private volatile boolean closed;

  /** A pool with the given configuration; no worker starts until the first program. */
  public SandboxPool(PoolConfig config) {
    this.config = Objects.requireNonNull(config, "pool config");
    this.slots = new Semaphore(config.workers(), true);
    this.reaper = new ScheduledThreadPoolExecutor(1, daemon("sandbox-reaper"));
    reaper.setRemoveOnCancelPolicy(true);
    this.callers = Executors.newFixedThreadPool(config.workers(), daemon("sandbox-caller"));
    this.hook = new Thread(this::killAll, "sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The process-wide pool with {@link PoolConfig#defaults()}, created on first use. */
  public static SandboxPool shared() {
    SandboxPool p = shared;
    if (p == null || p.closed) {
      synchronized (SandboxPool.class) {
        p = shared;
        if (p == null || p.closed) {
          p = new SandboxPool(PoolConfig.defaults());
          shared = p;
        }
      }
    }
    return p;
  }

  /** This pool's configuration. */
  public PoolConfig config() {
    return config;
  }

  /** Runs one program on a worker, waiting for a free one; returns its result (a sandbox error if the pool is closed). */
  public SandboxResult run(Program program) {
    Objects.requireNonNull(program, "program");
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SandboxResult.failure(Status.SANDBOX_ERROR, program.tests().total(), "interrupted while waiting for a worker");
    }
    try {
      for (int attempt = 0; ; attempt++) {
        if (closed) {
          return SandboxResult.failure(Status.SANDBOX_ERROR, program.tests().total(), "sandbox pool is closed");
        }
        WorkerHandle w;
        try {
          w = acquire();
        } catch (IOException e) {
          return SandboxResult.failure(Status.SANDBOX_ERROR, program.tests().total(), "no worker: " + e.getMessage());
        }
        try {
          SandboxResult r = w.execute(program, config.killGraceMillis());
          release(w);
          return r;
        } catch (WorkerHandle.NotSent e) {
          discard(w);
          if (attempt >= 2) {
            return SandboxResult.failure(Status.SANDBOX_ERROR, program.tests().total(), "could not send: " + e.getCause());
          }
        }
      }
    } finally {
      slots.release();
    }
  }

  /** Runs programs in parallel on up to {@link PoolConfig#workers()} workers; results in the order of the programs. */
  public List<SandboxResult> runAll(List<Program> programs) {
    List<CompletableFuture<SandboxResult>> futures = new ArrayList<>(programs.size());
    for (Program p : programs) {
      futures.add(submit(p));
    }
    List<SandboxResult> results = new ArrayList<>(programs.size());
    for (CompletableFuture<SandboxResult> f : futures) {
      results.add(f.join());
    }
    return results;
  }

  /** Runs one program asynchronously on this pool's caller threads. */
  public CompletableFuture<SandboxResult> submit(Program program) {
    Objects.requireNonNull(program, "program");
    return CompletableFuture.supplyAsync(() -> run(program), callers);
  }

  /** The worker processes alive now. */
  public int liveWorkers() {
    return (int) live.stream().filter(WorkerHandle::healthy).count();
  }

  /** Kills every worker; later programs get a sandbox error. */
  @Override
  public void close() {
    closed = true;
    killAll();
    callers.shutdownNow();
    reaper.shutdownNow();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }

  private WorkerHandle acquire() throws IOException {
    WorkerHandle w;
    while ((w = idle.poll()) != null) {
      if (w.healthy()) {
        return w;
      }
      discard(w);
    }
    w = WorkerHandle.start(config, reaper);
    live.add(w);
    if (closed) {
      discard(w);
      throw new IOException("sandbox pool is closed");
    }
    return w;
  }

  private void release(WorkerHandle w) {
    if (w.healthy() && !closed) {
      idle.add(w);
    } else {
      discard(w);
    }
  }

  private void discard(WorkerHandle w) {
    live.remove(w);
    w.destroy();
  }

  private void killAll() {
    for (WorkerHandle w : List.copyOf(live)) {
      discard(w);
    }
    idle.clear();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
