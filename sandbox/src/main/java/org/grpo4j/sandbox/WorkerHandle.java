package org.grpo4j.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One worker process seen from the pool: sends a program, waits for its result, and kills the process on a hard deadline. */
final class WorkerHandle {
  private final Process process;
  private final DataOutputStream out;
  private final DataInputStream in;
  private final ScheduledExecutorService reaper;
  private long nextId;
  private boolean healthy = true;

  /** Thrown when a request could not even be sent: the worker was dead already, and the request can go to another. */
  static final class NotSent extends IOException {
    private static final long serialVersionUID = 1L;

    NotSent(IOException cause) {
      super(cause);
    }
  }

  private WorkerHandle(Process process, ScheduledExecutorService reaper) {
    this.process = process;
    this.reaper = reaper;
    this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
    this.in = new DataInputStream(new BufferedInputStream(process.getInputStream()));
  }

  /** Starts a worker and waits for its ready frame, killing it if that takes longer than the start timeout. */
  static WorkerHandle start(PoolConfig config, ScheduledExecutorService reaper) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(WorkerLauncher.command(config));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    WorkerHandle w = new WorkerHandle(p, reaper);
    ScheduledFuture<?> kill = reaper.schedule(p::destroyForcibly, config.startTimeoutMillis(), TimeUnit.MILLISECONDS);
    try {
      JsonNode ready = Protocol.read(w.in);
      if (ready == null || !ready.path("ready").asBoolean()) {
        throw new IOException("worker did not start (exit code " + exitCode(p) + ")");
      }
    } catch (IOException e) {
      p.destroyForcibly();
      throw e;
    } finally {
      kill.cancel(false);
    }
    return w;
  }

  /** Runs one program; a worker that dies or is killed yields a timeout or sandbox error result, never an exception. */
  SandboxResult execute(Program program, long killGraceMillis) throws NotSent {
    long id = ++nextId;
    try {
      Protocol.write(out, Protocol.request(id, program));
    } catch (IOException e) {
      healthy = false;
      throw new NotSent(e);
    }
    AtomicBoolean killed = new AtomicBoolean();
    ScheduledFuture<?> kill = reaper.schedule(() -> {
      killed.set(true);
      process.destroyForcibly();
    }, program.limits().timeMillis() + killGraceMillis, TimeUnit.MILLISECONDS);
    int total = program.tests().total();
    try {
      JsonNode response = Protocol.read(in);
      if (response == null) {
        throw new IOException("end of stream");
      }
      if (response.get("id").asLong() != id) {
        healthy = false;
        return SandboxResult.failure(Status.SANDBOX_ERROR, total, "worker answered request "
            + response.get("id") + " instead of " + id);
      }
      if (response.path("retire").asBoolean() || killed.get()) {
        healthy = false;
      }
      return Protocol.result(response);
    } catch (IOException | RuntimeException e) {
      healthy = false;
      if (killed.get()) {
        return SandboxResult.failure(Status.TIMEOUT, total, "killed after " + program.limits().timeMillis()
            + " ms + " + killGraceMillis + " ms grace");
      }
      process.destroyForcibly();
      return SandboxResult.failure(Status.SANDBOX_ERROR, total, "worker died (exit code " + exitCode(process) + "): " + e);
    } finally {
      kill.cancel(false);
    }
  }

  /** Whether this worker may serve another program. */
  boolean healthy() {
    return healthy && process.isAlive();
  }

  /** Kills the process and waits briefly for it to go. */
  void destroy() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long pid() {
    return process.pid();
  }

  private static String exitCode(Process p) {
    try {
      return p.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(p.exitValue()) : "none yet";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
