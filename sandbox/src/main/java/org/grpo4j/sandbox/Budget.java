package org.grpo4j.sandbox;

import java.nio.charset.StandardCharsets;

/** Per-program accounting of instructions, wall-clock time, memory and output; throws {@link Abort} past a limit. */
final class Budget {
  private static final long GC_INTERVAL_NANOS = 50_000_000L;
  private final Limits limits;
  private final long deadlineNanos;
  private final long memoryBytes;
  private final StringBuilder output = new StringBuilder();
  private long instructions;
  private long outputBytes;
  private long lastGcNanos;

  Budget(Limits limits) {
    this.limits = limits;
    this.deadlineNanos = System.nanoTime() + limits.timeMillis() * 1_000_000L;
    this.memoryBytes = limits.memoryMb() * 1024L * 1024L;
  }

  /** Called by the instruction observer every {@link Limits#OBSERVER_THRESHOLD} or so instructions. */
  void onInstructions(int count) {
    instructions += count;
    if (instructions > limits.instructions()) {
      throw new Abort(Status.INSTRUCTION_LIMIT, "more than " + limits.instructions() + " instructions");
    }
    checkTimeAndMemory();
  }

  /** Checks the clock and the heap; Java-side loops over program values call this too. */
  void checkTimeAndMemory() {
    long now = System.nanoTime();
    if (now - deadlineNanos > 0) {
      throw new Abort(Status.TIMEOUT, "ran longer than " + limits.timeMillis() + " ms");
    }
    Runtime rt = Runtime.getRuntime();
    if (rt.totalMemory() - rt.freeMemory() > memoryBytes && now - lastGcNanos > GC_INTERVAL_NANOS) {
      System.gc(); // garbage counts as used until collected: measure again before blaming the program
      lastGcNanos = System.nanoTime();
      if (rt.totalMemory() - rt.freeMemory() > memoryBytes) {
        throw new Abort(Status.MEMORY_LIMIT, "held more than " + limits.memoryMb() + " MB");
      }
    }
  }

  /** Appends one line of program output, or aborts when it would exceed the output cap. */
  void print(String line) {
    long bytes = line.getBytes(StandardCharsets.UTF_8).length + 1L;
    if (outputBytes + bytes > limits.outputBytes()) {
      int room = (int) Math.max(0, Math.min(line.length(), limits.outputBytes() - outputBytes));
      output.append(line, 0, room);
      outputBytes = limits.outputBytes();
      throw new Abort(Status.OUTPUT_LIMIT, "printed more than " + limits.outputBytes() + " bytes");
    }
    outputBytes += bytes;
    output.append(line).append('\n');
  }

  String output() {
    return output.toString();
  }

  long instructions() {
    return instructions;
  }
}
