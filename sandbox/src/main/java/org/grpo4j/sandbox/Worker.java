package org.grpo4j.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The worker process's main class: reads programs from stdin, runs each on a thread with a large stack, and writes
 * results to stdout (which nothing else may touch). It exits at end of input, and after a program it could not stop
 * or one that exhausted its memory (the response says {@code retire}, and the pool starts a replacement).
 */
public final class Worker {
  /** Extra time a program's thread may take past its limit before the worker gives it up. */
  static final long SOFT_GRACE_MILLIS = 250;
  private static final long PROGRAM_STACK_BYTES = 16L << 20;

  private Worker() {}

  /** Serves requests until stdin closes; arguments are ignored. */
  public static void main(String[] args) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
    JsRunner runner = new JsRunner();
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(null, r, "program", PROGRAM_STACK_BYTES);
      t.setDaemon(true);
      return t;
    });
    runner.run(Program.of("1", new TestSpec.Script(""))); // load Rhino before saying ready
    Protocol.write(out, Protocol.JSON.createObjectNode().put("ready", true));
    while (true) {
      JsonNode request = Protocol.read(in);
      if (request == null) {
        Runtime.getRuntime().halt(0);
      }
      long id = request.get("id").asLong();
      SandboxResult result;
      boolean retire = false;
      try {
        Program program = Protocol.program(request);
        Future<SandboxResult> f = thread.submit(() -> runner.run(program));
        try {
          result = f.get(program.limits().timeMillis() + SOFT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
          retire = result.status() == Status.MEMORY_LIMIT;
        } catch (TimeoutException e) {
          retire = true; // the thread is stuck where no check reaches it: this JVM cannot be trusted to recover
          result = SandboxResult.failure(Status.TIMEOUT, program.tests().total(),
              "ran longer than " + program.limits().timeMillis() + " ms (not interruptible)");
        } catch (ExecutionException e) {
          retire = true;
          Throwable cause = e.getCause();
          Status status = cause instanceof OutOfMemoryError ? Status.MEMORY_LIMIT : Status.SANDBOX_ERROR;
          result = SandboxResult.failure(status, program.tests().total(), "worker: " + cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Runtime.getRuntime().halt(3);
        return;
      } catch (RuntimeException e) {
        result = SandboxResult.failure(Status.SANDBOX_ERROR, 0, "bad request: " + e.getMessage());
      } catch (OutOfMemoryError e) {
        retire = true;
        result = SandboxResult.failure(Status.MEMORY_LIMIT, 0, "out of memory");
      }
      Protocol.write(out, Protocol.response(id, result, retire));
      if (retire) {
        Runtime.getRuntime().halt(0);
      }
    }
  }
}
