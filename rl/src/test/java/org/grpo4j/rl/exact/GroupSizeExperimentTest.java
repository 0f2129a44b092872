package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grpo4j.rl.exact.VarianceExperiment.Estimator;
import org.junit.jupiter.api.Test;

/** E5: the group-mean baseline's bias is the (G-1)/G scale (relative bias^2 = 1/G^2); LOO's noise falls with G. */
class GroupSizeExperimentTest {
  @Test
  void groupMeanBaselineShrinksTheGradientByOneOverGAndLeaveOneOutDoesNot() {
    for (int g : new int[] {2, 4}) {
      double bias2 = GroupSizeExperiment.cell(Estimator.TIC_MEAN, 6, 0.5, g, 20_000, 7)[0];
      assertEquals(1.0 / (g * g), bias2, 0.3 / (g * g), "relative bias^2 of the group-mean baseline at G = " + g);
    }
    double[] loo2 = GroupSizeExperiment.cell(Estimator.TIC_LOO, 6, 0.5, 2, 20_000, 7);
    double[] loo8 = GroupSizeExperiment.cell(Estimator.TIC_LOO, 6, 0.5, 8, 20_000, 7);
    assertTrue(loo2[0] < 0.02 && loo8[0] < 0.02, "leave-one-out bias^2 " + loo2[0] + ", " + loo8[0]);
    assertTrue(loo8[1] < loo2[1] / 3, "one group's covariance should fall with G: " + loo2[1] + " -> " + loo8[1]);
  }
}
