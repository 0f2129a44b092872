package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** E5: the group-mean baseline's bias is the (G-1)/G scale (relative bias^2 = 1/G^2); LOO's noise falls with G. */
class GroupSizeExperimentTest {
  private static final Variant MEAN = Variant.unclipped(Estimator.TIC_NO_CLIP, Baseline.GROUP_MEAN);
  private static final Variant LOO = Variant.unclipped(Estimator.TIC_NO_CLIP, Baseline.LEAVE_ONE_OUT);

  @Test
  void groupMeanBaselineShrinksTheGradientByOneOverGAndLeaveOneOutDoesNot() {
    for (int g : new int[] {2, 4}) {
      GroupSizeExperiment.Cell c = GroupSizeExperiment.cell(MEAN, 6, 0.5, g, 20_000, 7);
      assertEquals(1.0 / (g * g), c.relativeBiasSq().value(), 0.3 / (g * g), "relative bias^2 at G = " + g);
      assertTrue(c.relativeBiasSq().high() - c.relativeBiasSq().low() < 0.5 / (g * g), "interval " + c);
    }
    GroupSizeExperiment.Cell loo2 = GroupSizeExperiment.cell(LOO, 6, 0.5, 2, 20_000, 7);
    GroupSizeExperiment.Cell loo8 = GroupSizeExperiment.cell(LOO, 6, 0.5, 8, 20_000, 7);
    assertTrue(loo2.relativeBiasSq().value() < 0.02 && loo8.relativeBiasSq().value() < 0.02,
        "leave-one-out bias^2 " + loo2 + ", " + loo8);
    assertTrue(loo2.relativeBiasSq().low() < 0.005, "leave-one-out bias^2 interval should reach ~0: " + loo2);
    assertTrue(loo8.relativeTrace().value() < loo2.relativeTrace().value() / 3,
        "one group's covariance should fall with G: " + loo2 + " -> " + loo8);
  }
}
