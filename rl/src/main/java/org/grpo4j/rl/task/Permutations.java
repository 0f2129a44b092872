package org.grpo4j.rl.task;

import java.util.SplittableRandom;

/** Seeded random orders of datasets: the same seed gives the same permutation. */
public final class Permutations {
  private Permutations() {}

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates) drawn from {@code new SplittableRandom(seed)}. */
  public static int[] of(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
