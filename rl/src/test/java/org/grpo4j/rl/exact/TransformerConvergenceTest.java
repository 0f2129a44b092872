package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bridge's E3: exact PG climbs; at K = 1 GRPO, frozen no-IS and TIC take the same steps on the transformer. */
class TransformerConvergenceTest {
  private static final Reward TWO_AS = Reward.exactlyAs(2, 3);

  @Test
  void exactPolicyGradientClimbsOnTheTransformer() {
    TransformerConvergence.Config c = new TransformerConvergence.Config(4, 1, 8, 15, 2, 4, 2, 1.0, Clip.of(0.2), 2);
    double j0 = TransformerConvergence.initialObjective(c, 5);
    ConvergenceRun.Trace t = TransformerConvergence.run(Estimator.EXACT_PG, c, TWO_AS, 5, 1);
    assertEquals(15, t.objective().length, "one record per iteration");
    assertTrue(t.objective()[14] > j0 + 0.01, "J went from " + j0 + " to " + t.objective()[14]);
    assertTrue(t.gradNormSq()[0] > 0, "|grad J|^2 recorded: " + t.gradNormSq()[0]);
  }

  @Test
  void atOneInnerStepGrpoNoIsAndTicTakeTheSameSteps() {
    TransformerConvergence.Config c = new TransformerConvergence.Config(4, 1, 8, 6, 2, 4, 1, 1.0, Clip.of(0.2), 2);
    ConvergenceRun.Trace grpo = TransformerConvergence.run(Estimator.GRPO, c, TWO_AS, 5, 3);
    ConvergenceRun.Trace frozen = TransformerConvergence.run(Estimator.NO_IS_FROZEN, c, TWO_AS, 5, 3);
    ConvergenceRun.Trace tic = TransformerConvergence.run(Estimator.TIC, c, TWO_AS, 5, 3);
    double moved = Math.abs(grpo.objective()[5] - TransformerConvergence.initialObjective(c, 5));
    assertTrue(moved > 1e-4, "the runs must move for the comparison to mean anything: |J_N - J_0| = " + moved);
    for (int i = 0; i < 6; i++) {
      assertEquals(grpo.objective()[i], frozen.objective()[i], 1e-10, "GRPO vs frozen no-IS at iteration " + i);
      assertEquals(grpo.objective()[i], tic.objective()[i], 1e-10, "GRPO vs TIC at iteration " + i);
    }
  }

  @Test
  void adamStepsTheTransformerAndAtOneInnerStepGrpoNoIsAndTicStillAgree() {
    TransformerConvergence.Config sgd = new TransformerConvergence.Config(4, 1, 8, 6, 2, 4, 1, 0.01, Clip.of(0.2), 2);
    TransformerConvergence.Config adam = sgd.with(StepRule.ADAM, 0.01);
    double j0 = TransformerConvergence.initialObjective(adam, 5);
    ConvergenceRun.Trace exact = TransformerConvergence.run(Estimator.EXACT_PG, adam, TWO_AS, 5, 3);
    assertTrue(exact.objective()[5] > j0 + 0.01, "exact PG with Adam climbs: J went from " + j0 + " to "
        + exact.objective()[5]);
    ConvergenceRun.Trace grpo = TransformerConvergence.run(Estimator.GRPO, adam, TWO_AS, 5, 3);
    ConvergenceRun.Trace frozen = TransformerConvergence.run(Estimator.NO_IS_FROZEN, adam, TWO_AS, 5, 3);
    ConvergenceRun.Trace tic = TransformerConvergence.run(Estimator.TIC, adam, TWO_AS, 5, 3);
    ConvergenceRun.Trace grpoSgd = TransformerConvergence.run(Estimator.GRPO, sgd, TWO_AS, 5, 3);
    for (int i = 0; i < 6; i++) {
      assertEquals(grpo.objective()[i], frozen.objective()[i], 1e-10, "Adam: GRPO vs frozen no-IS at iteration " + i);
      assertEquals(grpo.objective()[i], tic.objective()[i], 1e-10, "Adam: GRPO vs TIC at iteration " + i);
    }
    double apart = 0;
    for (int i = 0; i < 6; i++) {
      apart = Math.max(apart, Math.abs(grpo.objective()[i] - grpoSgd.objective()[i]));
    }
    assertTrue(apart > 1e-6, "Adam and SGD take different steps from the same samples: largest |J difference| = "
        + apart);
  }

  @Test
  void theMonteCarloReferenceAgreesWithEnumerationOnTheTransformer() {
    TransformerMonteCarlo.Result r = TransformerMonteCarlo.run(new TransformerMonteCarlo.Config(4, 1, 8, 8, 128, 8,
        1.0), 3);
    assertEquals(BiasExperiment.ESTIMATORS.size(), r.exact().size(), "exact values for every estimator");
    for (java.util.Map.Entry<Estimator, MonteCarloBias.Estimate> e : r.bias().entrySet()) {
      double exact = r.exact().get(e.getKey());
      double half = 4 * e.getValue().standardError(); // about 99.7% with 7 degrees of freedom
      assertEquals(exact * exact, e.getValue().relativeBiasSq().value(), half, e.getKey() + ": Monte Carlo "
          + e.getValue().relativeBiasSq() + " against the exact squared relative bias " + exact * exact);
    }
    assertTrue(r.exact().get(Estimator.GSPO) > 0.1, "GSPO's bias is large enough to check the scale");
  }

  @Test
  void theTransformersClipFractionCountsTrajectoryRatiosAboveTheClip() {
    TransformerPolicy p = new TransformerPolicy(new TokenTree(4), 1, 8, 0.5, 3);
    java.util.List<int[]> outs = p.sample(64, 4);
    double[][] oldLogp = p.tokenLogProbs(outs);
    double[] adv = new double[64];
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (int i = 0; i < 64; i++) {
      adv[i] = r.nextGaussian();
    }
    double[] theta = p.parameters();
    for (int i = 0; i < theta.length; i++) {
      theta[i] += 0.3 * r.nextGaussian();
    }
    p.setParameters(theta);
    double[][] logp = p.tokenLogProbs(outs);
    int expected = 0;
    for (int i = 0; i < 64; i++) {
      double lr = 0;
      for (int t = 0; t < outs.get(i).length; t++) {
        lr += logp[i][t] - oldLogp[i][t];
      }
      expected += adv[i] > 0 && Math.exp(lr) > 1.2 ? 1 : 0;
    }
    assertTrue(expected > 0, "the step must clip some outputs for the check to mean anything");
    double[] fraction = new double[1];
    p.estimate(Estimator.TIC, Clip.of(0.2), outs, oldLogp, adv, fraction);
    assertEquals(expected / 64.0, fraction[0], 1e-12, "TIC's trajectory clip fraction on the transformer");
  }
}
