package org.grpo4j.sandbox;

/**
 * Resource limits for one program: interpreter instructions, wall-clock milliseconds, interpreter stack depth
 * (nested JavaScript calls), bytes of captured output, and megabytes of heap the program may hold.
 */
public record Limits(long instructions, long timeMillis, int stackDepth, int outputBytes, int memoryMb) {
  /** Instructions between two checks of the limits by Rhino's instruction observer. */
  public static final int OBSERVER_THRESHOLD = 10_000;

  /** Checks that every limit is positive and within what a worker can enforce. */
  public Limits {
    if (instructions < OBSERVER_THRESHOLD) {
      throw new IllegalArgumentException("limits: instructions " + instructions + " must be >= " + OBSERVER_THRESHOLD);
    }
    if (timeMillis < 1 || timeMillis > 600_000) {
      throw new IllegalArgumentException("limits: timeMillis " + timeMillis + " must be in [1, 600000]");
    }
    if (stackDepth < 1 || stackDepth > 100_000) {
      throw new IllegalArgumentException("limits: stackDepth " + stackDepth + " must be in [1, 100000]");
    }
    if (outputBytes < 0) {
      throw new IllegalArgumentException("limits: outputBytes " + outputBytes + " must be >= 0");
    }
    if (memoryMb < 8) {
      throw new IllegalArgumentException("limits: memoryMb " + memoryMb + " must be >= 8");
    }
  }

  /** The defaults: 20 million instructions, 2 s, stack depth 2000, 64 KiB of output, 128 MB of heap. */
  public static Limits defaults() {
    return new Limits(20_000_000L, 2_000L, 2_000, 64 * 1024, 128);
  }

  /** These limits with another instruction budget. */
  public Limits withInstructions(long n) {
    return new Limits(n, timeMillis, stackDepth, outputBytes, memoryMb);
  }

  /** These limits with another wall-clock budget in milliseconds. */
  public Limits withTimeMillis(long ms) {
    return new Limits(instructions, ms, stackDepth, outputBytes, memoryMb);
  }

  /** These limits with another maximum stack depth. */
  public Limits withStackDepth(int depth) {
    return new Limits(instructions, timeMillis, depth, outputBytes, memoryMb);
  }

  /** These limits with another output cap in bytes. */
  public Limits withOutputBytes(int bytes) {
    return new Limits(instructions, timeMillis, stackDepth, bytes, memoryMb);
  }

  /** These limits with another memory cap in megabytes. */
  public Limits withMemoryMb(int mb) {
    return new Limits(instructions, timeMillis, stackDepth, outputBytes, mb);
  }
}
