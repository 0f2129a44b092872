package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.grpo4j.rl.exact.BiasExperiment.Point;
import org.junit.jupiter.api.Test;

/** E1 reproduces the theory: GRPO and no-IS biased linearly in the step, TIC unbiased, GSPO biased throughout. */
class BiasExperimentTest {
  @Test
  void biasSlopesMatchTheTheory() {
    int seeds = 3;
    BiasExperiment.Result res = BiasExperiment.run(new int[] {5, 6}, seeds, 7);
    int perCell = seeds * BiasExperiment.deltas().length;
    for (int t : new int[] {5, 6}) {
      for (Estimator e : List.of(Estimator.GRPO, Estimator.NO_IS_FROZEN, Estimator.NO_IS_STALE)) {
        Interval s = res.slope(t, e);
        assertEquals(1.0, s.value(), 0.02, e + " at T_max " + t);
        assertTrue(s.contains(1.0) || Math.abs(s.value() - 1) < 0.01, e + " slope " + s + " at T_max " + t);
        assertTrue(s.high() - s.low() < 0.05, e + " slope interval too wide: " + s);
      }
      List<Point> tic = select(res.points(), t, Estimator.TIC);
      List<Point> gspo = select(res.points(), t, Estimator.GSPO);
      assertEquals(perCell, tic.size(), "TIC points at T_max " + t);
      assertEquals(perCell, gspo.size(), "GSPO points at T_max " + t);
      for (Point p : tic) {
        assertTrue(p.relativeBias() < 1e-12, "TIC biased by " + p.relativeBias() + " at delta " + p.delta());
      }
      for (Point p : gspo) {
        assertTrue(p.relativeBias() > 0.1, "GSPO unbiased at delta " + p.delta() + "?");
      }
    }
    assertTrue(res.ticMaxRelativeBias() < 1e-12 && res.ticMaxRelativeBias() > 0, "TIC max bias "
        + res.ticMaxRelativeBias());
  }

  private static List<Point> select(List<Point> points, int t, Estimator e) {
    return points.stream().filter(p -> p.maxTokens() == t && p.estimator() == e).toList();
  }
}
