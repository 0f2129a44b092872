package org.grpo4j.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Intervals and tests against values worked out by hand. */
class StatsTest {
  @Test
  void meanIntervalUsesStudentT() {
    // mean 2, sd 1, n 3: half width t(2, 0.975) / sqrt(3) = 4.302653 / 1.732051 = 2.484138
    Stats.Estimate e = Stats.mean(new double[] {1, 2, 3});
    assertEquals(2, e.mean(), 1e-12);
    assertEquals(2 - 2.484138, e.low(), 1e-5);
    assertEquals(2 + 2.484138, e.high(), 1e-5);
    assertEquals(3, e.n());
    assertFalse(e.excludesZero());
    // t = 2 / (1 / sqrt 3) = 3.4641 on 2 df: two-sided p = 0.07418
    assertEquals(0.07418, e.p(), 1e-4);
  }

  @Test
  void pairedDifferenceIsTheMeanOfDifferences() {
    Stats.Estimate e = Stats.paired(new double[] {0.5, 0.6, 0.7, 0.65}, new double[] {0.3, 0.35, 0.5, 0.4});
    assertEquals(0.225, e.mean(), 1e-12);
    assertTrue(e.excludesZero());
    assertTrue(e.p() < 0.01, "differences 0.2, 0.25, 0.2, 0.25 are consistent: p = " + e.p());
  }

  @Test
  void equalDifferencesHaveNoSpread() {
    assertEquals(1.0, Stats.paired(new double[] {0.2, 0.3}, new double[] {0.2, 0.3}).p());
    assertEquals(0.0, Stats.paired(new double[] {0.3, 0.4}, new double[] {0.2, 0.3}).p());
  }

  @Test
  void oneValueHasNoInterval() {
    Stats.Estimate e = Stats.mean(new double[] {0.4});
    assertEquals(0.4, e.mean());
    assertTrue(Double.isNaN(e.low()) && Double.isNaN(e.p()));
  }

  @Test
  void holmStepsDown() {
    // sorted 0.01, 0.03, 0.04 times 3, 2, 1 = 0.03, 0.06, 0.04 -> running max 0.03, 0.06, 0.06
    assertArrayEquals(new double[] {0.03, 0.06, 0.06}, Stats.holm(new double[] {0.01, 0.04, 0.03}), 1e-12);
    double[] withNan = Stats.holm(new double[] {Double.NaN, 0.02});
    assertTrue(Double.isNaN(withNan[0]));
    assertEquals(0.02, withNan[1], 1e-12);
  }
}
