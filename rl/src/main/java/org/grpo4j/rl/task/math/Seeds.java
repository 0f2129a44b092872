package org.grpo4j.rl.task.math;

/** Mixes seeds and indices into well-spread 64-bit seeds (the SplitMix64 finalizer). */
final class Seeds {
  private Seeds() {}

  /** A seed that depends on both {@code a} and {@code b}, with nearby inputs giving unrelated outputs. */
  static long mix(long a, long b) {
    return fmix(fmix(a) + 0x9E3779B97F4A7C15L * (b + 1));
  }

  private static long fmix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
