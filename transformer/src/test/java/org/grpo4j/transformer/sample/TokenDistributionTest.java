package org.grpo4j.transformer.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The top-k and top-p filters equal a brute-force reference that sorts the whole vocabulary. */
class TokenDistributionTest {
  private static final int EXAMPLES = System.getenv("CI") != null ? 100 : 300;

  @Test
  void filtersEqualTheFullSortReference() {
    qt().withExamples(EXAMPLES).withFixedSeed(2024).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      int v = 1 + r.nextInt(r.nextBoolean() ? 20 : 3000);
      double[] logits = new double[v];
      double spread = new double[] {0.1, 1, 4, 15}[r.nextInt(4)];
      for (int i = 0; i < v; i++) {
        logits[i] = r.nextInt(4) == 0 && i > 0 ? logits[r.nextInt(i)] : (float) (r.nextGaussian() * spread); // ties
      }
      int topK = r.nextBoolean() ? 0 : 1 + r.nextInt(v + 2);
      double topP = r.nextBoolean() ? 1.0 : new double[] {0.05, 0.5, 0.9, 0.999}[r.nextInt(4)];
      double temperature = new double[] {0.3, 1.0, 2.5}[r.nextInt(3)];
      double[] got = TokenDistribution.filtered(logits, 0, v, temperature, topK, topP);
      double[] want = reference(logits, v, temperature, topK, topP);
      assertArrayEquals(want, got, 1e-12, "seed " + seed + ": v " + v + ", top-k " + topK + ", top-p " + topP);
    });
  }

  @Test
  void kthLargestCountsDuplicates() {
    assertEquals(3.0, TokenDistribution.kthLargest(new double[] {1, 3, 3, 2, 5}, 3));
    assertEquals(5.0, TokenDistribution.kthLargest(new double[] {1, 3, 3, 2, 5}, 1));
    assertEquals(2.0, TokenDistribution.kthLargest(new double[] {1, 3, 3, 2, 5}, 4));
  }

  @Test
  void nonFiniteLogitsAreRefusedByTopP() {
    double[] logits = {Double.NaN, Double.NaN};
    var e = assertThrows(IllegalStateException.class, () -> TokenDistribution.filtered(logits, 0, 2, 1, 0, 0.9));
    assertEquals("sampling: no token has a finite probability (are the logits NaN or infinite?)", e.getMessage());
  }

  /** The filters as specified, by sorting every token. */
  private static double[] reference(double[] logits, int v, double temperature, int topK, double topP) {
    double[] z = new double[v];
    for (int i = 0; i < v; i++) {
      z[i] = logits[i] / temperature;
    }
    if (topK > 0 && topK < v) {
      double[] sorted = z.clone();
      Arrays.sort(sorted);
      double kth = sorted[v - topK];
      for (int i = 0; i < v; i++) {
        z[i] = z[i] < kth ? Double.NEGATIVE_INFINITY : z[i];
      }
    }
    double max = Arrays.stream(z).max().orElseThrow();
    double[] p = new double[v];
    double sum = 0;
    for (int i = 0; i < v; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < v; i++) {
      p[i] /= sum;
    }
    if (topP >= 1) {
      return p;
    }
    Integer[] order = new Integer[v];
    for (int i = 0; i < v; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
    double cum = 0;
    int keep = 0;
    while (keep < v && cum < topP && p[order[keep]] > 0) {
      cum += p[order[keep++]];
    }
    double[] q = new double[v];
    for (int i = 0; i < Math.max(1, keep); i++) {
      q[order[i]] = p[order[i]] / cum;
    }
    return q;
  }
}
