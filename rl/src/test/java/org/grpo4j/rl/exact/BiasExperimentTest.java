package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.grpo4j.rl.exact.BiasExperiment.Estimator;
import org.grpo4j.rl.exact.BiasExperiment.Point;
import org.junit.jupiter.api.Test;

/** E1 reproduces the theory: GRPO and no-IS biased linearly in the step, TIC unbiased, GSPO biased throughout. */
class BiasExperimentTest {
  @Test
  void biasSlopesMatchTheTheory() {
    List<Point> points = BiasExperiment.run(new int[] {5, 6}, 7);
    for (int t : new int[] {5, 6}) {
      for (Estimator e : List.of(Estimator.GRPO_TOKEN, Estimator.NO_IS_FROZEN, Estimator.NO_IS_STALE)) {
        assertEquals(1.0, BiasExperiment.slope(points, t, e, 0.1), 0.02, e + " at T_max " + t);
      }
      for (Point p : points) {
        if (p.maxTokens() == t && p.estimator() == Estimator.TIC) {
          assertTrue(p.relativeBias() < 1e-12, "TIC biased by " + p.relativeBias() + " at delta " + p.delta());
        }
        if (p.maxTokens() == t && p.estimator() == Estimator.GSPO) {
          assertTrue(p.relativeBias() > 0.1, "GSPO unbiased at delta " + p.delta() + "?");
        }
      }
    }
  }
}
