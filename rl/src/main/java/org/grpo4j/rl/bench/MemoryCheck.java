package org.grpo4j.rl.bench;

import java.io.PrintStream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs many MLP fwd+bwd steps and compares off-heap usage (JavaCPP-tracked bytes and process RSS) at the end with
 * the level after a warm-up, to show that a long loop keeps native memory flat.
 */
public final class MemoryCheck {
  private MemoryCheck() {}

  /** Off-heap figures after warm-up and at the end, in bytes. */
  public record Result(int steps, long trackedAfterWarmup, long trackedAtEnd, long rssAfterWarmup, long rssAtEnd) {
    /** End / warm-up of the tracked off-heap bytes. */
    public double trackedRatio() {
      return (double) trackedAtEnd / Math.max(1, trackedAfterWarmup);
    }

    /** End / warm-up of the resident set size. */
    public double rssRatio() {
      return (double) rssAtEnd / Math.max(1, rssAfterWarmup);
    }
  }

  /** {@code steps} steps; the baseline is taken after {@code warmup} steps. */
  public static Result run(int steps, int warmup, PrintStream out) {
    GrpoMlp mlp = new GrpoMlp(MlpProblem.standard(DataType.FLOAT, 3));
    long tracked0 = 0;
    long rss0 = 0;
    for (int i = 1; i <= steps; i++) {
      mlp.step();
      if (i == warmup) {
        tracked0 = Pointer.totalBytes();
        rss0 = Pointer.physicalBytes();
      }
    }
    Result r = new Result(steps, tracked0, Pointer.totalBytes(), rss0, Pointer.physicalBytes());
    out.printf("memory: %d MLP fwd+bwd steps; off-heap tracked %.1f MB after step %d -> %.1f MB at the end "
        + "(x%.3f, target within 10%%); RSS %.1f MB -> %.1f MB (x%.3f)%n", steps, r.trackedAfterWarmup() / 1e6,
        warmup, r.trackedAtEnd() / 1e6, r.trackedRatio(), r.rssAfterWarmup() / 1e6, r.rssAtEnd() / 1e6, r.rssRatio());
    return r;
  }
}
