package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grpo4j.rl.exact.VarianceExperiment.Result;
import org.junit.jupiter.api.Test;

/** E2 reproduces the theory: TIC's Monte Carlo error falls like M^-1/2 away from theta_old, GRPO's stalls. */
class VarianceExperimentTest {
  @Test
  void ticConvergesToTheCurrentGradientAndGrpoStallsOnItsBias() {
    int[] cps = VarianceExperiment.checkpoints(1000);
    Result tic = VarianceExperiment.run(6, 3, VarianceExperiment.VARIANTS.get(0), 8, 1000, 8, 7);
    Result grpo = VarianceExperiment.run(6, 3, VarianceExperiment.VARIANTS.get(2), 8, 1000, 8, 7);
    assertEquals(Estimator.GRPO, VarianceExperiment.VARIANTS.get(2).estimator());
    assertEquals(-0.5, tic.slope().value(), 0.1, "TIC's error against M");
    assertTrue(tic.slope().low() < -0.5 + 0.1 && tic.slope().high() > -0.5 - 0.1, "TIC's slope " + tic.slope());
    int last = cps.length - 1;
    assertTrue(grpo.meanError()[last] > 2 * tic.meanError()[last], "GRPO's error at M = 1000 ("
        + grpo.meanError()[last] + ") should sit on its bias, well above TIC's (" + tic.meanError()[last] + ")");
    assertTrue(tic.errorStandardError()[last] > 0, "standard errors must be measured");
    assertTrue(tic.secondMomentOfRho() > 1, "E_old[rho^2] must exceed 1 away from theta_old");
    assertEquals(1.0, VarianceExperiment.run(5, 0, VarianceExperiment.VARIANTS.get(0), 4, 30, 2, 3)
        .secondMomentOfRho(), 1e-12);
  }
}
