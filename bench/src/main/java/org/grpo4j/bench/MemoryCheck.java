package org.grpo4j.bench;

import java.io.PrintStream;
import org.bytedeco.javacpp.Pointer;
import org.grpo4j.autograd.MemoryGuard;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs many MLP fwd+bwd steps and compares the process's off-heap memory ({@link ResidentMemory}: resident pages
 * outside the Java heap, read right after a full collection) at the end with its level after a warm-up: a long
 * training loop must keep native memory flat.
 */
public final class MemoryCheck {
  private MemoryCheck() {}

  /**
   * Off-heap bytes after the warm-up and at the end, the largest resident set seen (sampled every 100 steps without
   * collecting), and the collections the engine's {@link MemoryGuard} requested.
   */
  public record Result(int steps, int warmup, long offHeapAfterWarmup, long offHeapAtEnd, long rssMax,
      long collections) {
    /** End / after-warm-up ratio of the off-heap bytes. */
    public double ratio() {
      return (double) offHeapAtEnd / Math.max(1, offHeapAfterWarmup);
    }
  }

  /** {@code steps} steps; the baseline is taken after {@code warmup} steps; RSS is sampled every 100 steps. */
  public static Result run(int steps, int warmup, PrintStream out) {
    GrpoMlp mlp = new GrpoMlp(MlpProblem.standard(DataType.FLOAT, 3));
    long off0 = 0;
    long max = 0;
    long gc0 = MemoryGuard.collections();
    for (int i = 1; i <= steps; i++) {
      mlp.step();
      if (i % 100 == 0) {
        max = Math.max(max, Pointer.physicalBytes());
      }
      if (i == warmup) {
        off0 = offHeapBytes();
      }
    }
    Result r = new Result(steps, warmup, off0, offHeapBytes(), max, MemoryGuard.collections() - gc0);
    out.printf("memory: %d MLP fwd+bwd steps; off-heap %.0f MB after step %d -> %.0f MB at the end (x%.3f, target"
        + " growth at most 10%%); resident max %.0f MB; %d collections requested by the engine's memory guard%n", steps,
        off0 / 1e6, warmup, r.offHeapAtEnd() / 1e6, r.ratio(), max / 1e6, r.collections());
    return r;
  }

  /** Off-heap resident bytes: the median of three readings, each after a full collection and ND4J's frees. */
  static long offHeapBytes() {
    long[] v = {ResidentMemory.offHeapBytes(), ResidentMemory.offHeapBytes(), ResidentMemory.offHeapBytes()};
    java.util.Arrays.sort(v);
    return v[1];
  }
}
