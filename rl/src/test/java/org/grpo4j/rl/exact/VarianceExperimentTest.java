package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grpo4j.rl.exact.VarianceExperiment.Estimator;
import org.grpo4j.rl.exact.VarianceExperiment.Result;
import org.junit.jupiter.api.Test;

/** E2 reproduces the theory: TIC's Monte Carlo error falls like M^-1/2 away from theta_old, GRPO's stalls. */
class VarianceExperimentTest {
  @Test
  void ticConvergesToTheCurrentGradientAndGrpoStallsOnItsBias() {
    int[] cps = VarianceExperiment.checkpoints(1000);
    Result tic = VarianceExperiment.run(6, 3, Estimator.TIC_LOO, 8, 1000, 8, 7);
    Result grpo = VarianceExperiment.run(6, 3, Estimator.GRPO_LOO, 8, 1000, 8, 7);
    assertEquals(-0.5, VarianceExperiment.slope(cps, tic.meanError()), 0.1, "TIC's error against M");
    assertTrue(grpo.meanError()[cps.length - 1] > 2 * tic.meanError()[cps.length - 1], "GRPO's error at M = 1000 ("
        + grpo.meanError()[cps.length - 1] + ") should sit on its bias, well above TIC's ("
        + tic.meanError()[cps.length - 1] + ")");
    assertTrue(tic.secondMomentOfRho() > 1, "E_old[rho^2] must exceed 1 away from theta_old");
    assertEquals(1.0, VarianceExperiment.run(5, 0, Estimator.TIC_LOO, 4, 10, 1, 3).secondMomentOfRho(), 1e-12);
  }
}
