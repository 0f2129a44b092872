package org.grpo4j.nn;

/**
 * A counter-based stream of seeds (for dropout masks): the n-th seed is a fixed mix of the base seed and n, so
 * the stream is reproducible and its position ({@link #position()}) can be saved and restored with a checkpoint.
 */
public final class SeedStream {
  private long base;
  private long position;

  /** A stream starting at position 0. */
  public SeedStream(long base) {
    this.base = base;
  }

  /** The next seed. */
  public long next() {
    return mix(base + 0x9E3779B97F4A7C15L * ++position);
  }

  /** How many seeds have been drawn. */
  public long position() {
    return position;
  }

  /** The base seed. */
  public long base() {
    return base;
  }

  /** Moves the stream to {@code position} of the stream with base {@code newBase} (as saved by a checkpoint). */
  public void restore(long newBase, long newPosition) {
    if (newPosition < 0) {
      throw new IllegalArgumentException("seed stream position " + newPosition + " is negative");
    }
    base = newBase;
    position = newPosition;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
