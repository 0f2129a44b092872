package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** E4's grid: at K = 1 every estimator lands on the same cell; staleness then separates them. */
class StalenessExperimentTest {
  @Test
  void atOneInnerStepTheEstimatorsCoincideAndGrpoDegradesWithLargeEtaK() {
    StalenessExperiment.Cell grpo1 = StalenessExperiment.cell(Estimator.GRPO, 5, 1, 0.5, 200, 2, 7);
    assertEquals(grpo1, StalenessExperiment.cell(Estimator.NO_IS_FROZEN, 5, 1, 0.5, 200, 2, 7));
    assertEquals(grpo1, StalenessExperiment.cell(Estimator.TIC, 5, 1, 0.5, 200, 2, 7));
    StalenessExperiment.Cell grpo16 = StalenessExperiment.cell(Estimator.GRPO, 5, 16, 1.0, 2000, 3, 7);
    StalenessExperiment.Cell grpo1Big = StalenessExperiment.cell(Estimator.GRPO, 5, 1, 1.0, 2000, 3, 7);
    assertTrue(grpo16.finalGap().value() > grpo1Big.finalGap().value(), "GRPO's final gap at eta K = 16 ("
        + grpo16.finalGap() + ") should exceed K = 1's (" + grpo1Big.finalGap() + ")");
  }
}
