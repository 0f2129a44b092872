package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The transformer as the token tree's policy: exact J and grad J, TIC unbiased, GRPO biased linearly. */
class TransformerBridgeTest {
  private static final Reward TWO_AS = Reward.exactlyAs(2, 3);

  @Test
  void probabilitiesSumToOneAndTheGradientMatchesADirectionalDifference() {
    TransformerPolicy pi = new TransformerPolicy(new TokenTree(4), 1, 8, 0.5, 3);
    assertEquals(1.0, java.util.Arrays.stream(pi.probabilities()).sum(), 1e-12, "sum of P(o)");
    double[] theta = pi.parameters();
    double[] u = new double[theta.length];
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < u.length; i++) {
      u[i] = r.nextGaussian();
    }
    double[] g = pi.gradient(TWO_AS);
    double h = 1e-5;
    pi.setParameters(step(theta, h, u));
    double up = pi.objective(TWO_AS);
    pi.setParameters(step(theta, -h, u));
    double down = pi.objective(TWO_AS);
    double dot = 0;
    for (int i = 0; i < u.length; i++) {
      dot += g[i] * u[i];
    }
    assertTrue(Math.abs(dot) > 1e-4, "directional derivative ~0, the check would be empty: " + dot);
    assertEquals((up - down) / (2 * h), dot, 1e-7 * (1 + Math.abs(dot)), "grad J . u against central differences");
  }

  @Test
  void ticIsUnbiasedAndGrpoIsBiasedLinearlyOnTheTransformer() {
    TransformerBridge.Result res = TransformerBridge.run(new TransformerBridge.Config(4, 1, 8, 2), 11);
    double[][] tic = res.relativeBias().get(Estimator.TIC);
    assertEquals(2, tic.length, "seeds");
    for (double[] perSeed : tic) {
      assertEquals(BiasExperiment.deltas().length, perSeed.length);
      for (double b : perSeed) {
        assertTrue(b < 1e-9, "TIC's relative bias " + b + " on the transformer");
      }
    }
    for (Estimator e : new Estimator[] {Estimator.GRPO, Estimator.NO_IS_STALE, Estimator.NO_IS_FROZEN}) {
      assertEquals(1.0, res.slopes().get(e).value(), 0.05, e + " slope " + res.slopes().get(e));
      assertTrue(res.atLargestDelta().get(e).value() > 1e3 * res.atLargestDelta().get(Estimator.TIC).value(), e
          + " should be far more biased than TIC at delta 1");
    }
    assertEquals(Estimator.TIC, res.order().get(0), "TIC first in " + res.order());
  }

  private static double[] step(double[] theta, double h, double[] u) {
    double[] out = theta.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += h * u[i];
    }
    return out;
  }
}
