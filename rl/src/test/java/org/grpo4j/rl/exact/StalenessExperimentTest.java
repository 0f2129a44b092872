package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** E4's grid: at K = 1 every method lands on the same cell; staleness then separates them. */
class StalenessExperimentTest {
  @Test
  void atOneInnerStepTheMethodsCoincideAndGrpoDegradesWithLargeEtaK() {
    double[] grpo1 = StalenessExperiment.cell(Method.GRPO, 5, 1, 0.5, 200, 2, 7);
    assertArrayEquals(grpo1, StalenessExperiment.cell(Method.NO_IS, 5, 1, 0.5, 200, 2, 7), 0.0);
    assertArrayEquals(grpo1, StalenessExperiment.cell(Method.TIC, 5, 1, 0.5, 200, 2, 7), 0.0);
    double[] grpo16 = StalenessExperiment.cell(Method.GRPO, 5, 16, 1.0, 2000, 3, 7);
    double[] grpo1Big = StalenessExperiment.cell(Method.GRPO, 5, 1, 1.0, 2000, 3, 7);
    assertTrue(grpo16[0] > grpo1Big[0], "GRPO's final gap at eta K = 16 (" + grpo16[0] + ") should exceed K = 1's ("
        + grpo1Big[0] + ")");
  }
}
