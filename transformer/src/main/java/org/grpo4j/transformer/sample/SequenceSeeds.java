package org.grpo4j.transformer.sample;

import java.util.SplittableRandom;

/**
 * The random stream of sequence {@code index} of a run seeded {@code seed}: a function of those two numbers only,
 * so a sequence draws the same numbers whatever else is generated with it, in whatever order.
 */
final class SequenceSeeds {
  private SequenceSeeds() {}

  /** A generator for sequence {@code index} of the run seeded {@code seed}. */
  static SplittableRandom stream(long seed, long index) {
    return new SplittableRandom(mix(mix(seed) + index));
  }

  /** A bijective 64-bit mixer (Stafford's variant 13 of MurmurHash3's finalizer). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
