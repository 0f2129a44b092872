package org.grpo4j.bench;

import java.io.PrintStream;

/**
 * A GPT training run ({@link GptTrainingLoop}) for many steps, checking that both the Java heap in use and the
 * off-heap resident bytes grow by at most 10% over their level after the warm-up (a fall is not growth). Each is read
 * after full collections and once ND4J's deallocator threads have freed what they found dead; the off-heap bytes after
 * glibc returned its free lists to the OS ({@code malloc_trim}), whose size swings by tens of MB with the timing of
 * frees (docs/perf.md, "Memory over long runs"); the untrimmed figure is printed beside it.
 */
public final class TrainingMemoryCheck {
  private TrainingMemoryCheck() {}

  /** Bytes after the warm-up and at the end: heap, off-heap (trimmed, judged) and off-heap untrimmed (shown). */
  public record Result(int steps, int warmup, long heapAfterWarmup, long heapAtEnd, long offHeapAfterWarmup,
      long offHeapAtEnd, long untrimmedAfterWarmup, long untrimmedAtEnd) {
    /** End / after-warm-up ratio of the heap in use. */
    public double heapRatio() {
      return (double) heapAtEnd / Math.max(1, heapAfterWarmup);
    }

    /** End / after-warm-up ratio of the off-heap bytes. */
    public double offHeapRatio() {
      return (double) offHeapAtEnd / Math.max(1, offHeapAfterWarmup);
    }

    /** True when neither has grown by more than 10% (a fall passes: memory that shrinks is flat or better). */
    public boolean flat() {
      return heapRatio() <= 1.10 && offHeapRatio() <= 1.10;
    }
  }

  /** {@code steps} training steps; the baseline is taken after {@code warmup} steps. */
  public static Result run(int steps, int warmup, PrintStream out) {
    return run(steps, warmup, 0, out);
  }

  /**
   * {@code steps} training steps; the baseline is taken after {@code warmup} steps; every {@code every} steps (0:
   * never) one {@link MemorySample} line is printed.
   */
  public static Result run(int steps, int warmup, int every, PrintStream out) {
    if (warmup < 1 || warmup >= steps) {
      throw new IllegalArgumentException("warm-up " + warmup + " must be in [1, steps = " + steps + ")");
    }
    if (every < 0 || every > steps) {
      throw new IllegalArgumentException("sample interval " + every + " must be in [0, steps = " + steps + "]");
    }
    GptTrainingLoop loop = new GptTrainingLoop();
    long heap0 = 0;
    long off0 = 0;
    long raw0 = 0;
    for (int i = 1; i <= steps; i++) {
      loop.step();
      if (every > 0 && i % every == 0) {
        out.println(MemorySample.take(i).line());
        out.flush();
      }
      if (i == warmup) {
        heap0 = heapBytes();
        raw0 = MemoryCheck.offHeapBytes();
        off0 = ResidentMemory.trimmedOffHeapBytes();
      }
    }
    long heap = heapBytes();
    long raw = MemoryCheck.offHeapBytes();
    Result r = new Result(steps, warmup, heap0, heap, off0, ResidentMemory.trimmedOffHeapBytes(), raw0, raw);
    out.printf("training memory: %d GPT steps; heap %.1f MB after step %d -> %.1f MB (x%.3f); off-heap %.0f MB ->"
        + " %.0f MB (x%.3f; before malloc_trim %.0f -> %.0f MB, x%.3f); target growth at most 10%%: %s%n", steps,
        heap0 / 1e6, warmup, r.heapAtEnd() / 1e6, r.heapRatio(), off0 / 1e6, r.offHeapAtEnd() / 1e6,
        r.offHeapRatio(), raw0 / 1e6, raw / 1e6, (double) raw / Math.max(1, raw0), r.flat() ? "met" : "NOT met");
    return r;
  }

  /**
   * Java heap in use: the median of three readings, each after a full collection and after ND4J's deallocator
   * threads have freed what it found dead (their references to dead buffers are heap too).
   */
  static long heapBytes() {
    long[] v = new long[3];
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      NativeBuffers.collectAndSettle();
      v[i] = rt.totalMemory() - rt.freeMemory();
    }
    java.util.Arrays.sort(v);
    return v[1];
  }
}
