package org.grpo4j.rl.bench;

import java.io.PrintStream;
import org.bytedeco.javacpp.Pointer;
import org.grpo4j.autograd.MemoryGuard;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs many MLP fwd+bwd steps and compares the process's resident memory (Java heap plus ND4J's off-heap buffers)
 * at the end with its level after a warm-up: a long training loop must keep native memory flat.
 */
public final class MemoryCheck {
  private MemoryCheck() {}

  /** Resident set sizes in bytes and the collections the engine's {@link MemoryGuard} requested. */
  public record Result(int steps, int warmup, long rssAfterWarmup, long rssAtEnd, long rssMax, long collections) {
    /** End / after-warm-up ratio of the resident set size. */
    public double ratio() {
      return (double) rssAtEnd / Math.max(1, rssAfterWarmup);
    }
  }

  /** {@code steps} steps; the baseline is taken after {@code warmup} steps; RSS is sampled every 100 steps. */
  public static Result run(int steps, int warmup, PrintStream out) {
    GrpoMlp mlp = new GrpoMlp(MlpProblem.standard(DataType.FLOAT, 3));
    long rss0 = 0;
    long max = 0;
    long gc0 = MemoryGuard.collections();
    for (int i = 1; i <= steps; i++) {
      mlp.step();
      if (i % 100 == 0) {
        max = Math.max(max, Pointer.physicalBytes());
      }
      if (i == warmup) {
        rss0 = Pointer.physicalBytes();
      }
    }
    Result r = new Result(steps, warmup, rss0, Pointer.physicalBytes(), max, MemoryGuard.collections() - gc0);
    out.printf("memory: %d MLP fwd+bwd steps; resident memory %.0f MB after step %d -> %.0f MB at the end (x%.3f,"
        + " target within 10%%); max %.0f MB; %d collections requested by the engine's memory guard%n", steps,
        rss0 / 1e6, warmup, r.rssAtEnd() / 1e6, r.ratio(), max / 1e6, r.collections());
    return r;
  }
}
