package org.grpo4j.rl.train;

/**
 * Every seed of a run derived from (run seed, step, purpose, index) by a SplitMix64 finalizer, so a run's random
 * state is its step: a resumed run draws exactly what an uninterrupted one would.
 */
final class StepSeeds {
  /** What a seed is for. */
  enum Purpose { SAMPLING, SHUFFLE, SFT }

  private StepSeeds() {}

  static long of(long seed, long step, Purpose purpose, long index) {
    long h = mix(seed ^ 0x6A09E667F3BCC909L);
    h = mix(h + step * 0x9E3779B97F4A7C15L);
    h = mix(h + (purpose.ordinal() + 1) * 0xBF58476D1CE4E5B9L);
    return mix(h + index * 0x94D049BB133111EBL);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
