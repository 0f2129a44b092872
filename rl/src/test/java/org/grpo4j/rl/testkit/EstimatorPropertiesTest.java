package org.grpo4j.rl.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.grpo4j.rl.exact.Baseline;
import org.grpo4j.rl.exact.Clip;
import org.grpo4j.rl.exact.Estimator;
import org.grpo4j.rl.objective.Advantages;
import org.junit.jupiter.api.Test;

/**
 * The kit passes correct estimators and each property rejects a deliberately broken one. Sampled checks use k = 5
 * standard errors (false rejection below 3e-5 per problem); the rejections are of biases of 50% and more.
 */
class EstimatorPropertiesTest {
  private static final int EXAMPLES = System.getenv("CI") != null ? 3 : 8;

  /** A user-written TIC-GRPO: trajectory ratio times leave-one-out advantage times the score of the output. */
  static final GradientEstimator MINE = g -> tic(g, Advantages.leaveOneOut(g.rewards(), new int[g.size()]));

  private static double[] tic(Group g, double[] adv) {
    double[] out = new double[g.theta().parameters().length];
    for (int i = 0; i < g.size(); i++) {
      int[] o = g.outputs()[i];
      double rho = Math.exp(g.theta().logProbability(o) - g.old().logProbability(o));
      for (int t = 0; t < o.length; t++) {
        g.theta().addTokenScore(o, t, rho * adv[i] / g.size(), out);
      }
    }
    return out;
  }

  @Test
  void unbiasedAcceptsTicAndRejectsTheGroupMeanBaselinesHalfGradient() {
    qt().withFixedSeed(5L).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed ->
        EstimatorProperties.assertUnbiased(MINE, Problems.random(seed), 0.5, 2, 3000, 5, seed));
    GradientEstimator halved = g -> tic(g, Advantages.meanOnly(g.rewards(), new int[g.size()])); // (G-1)/G = 1/2
    assertThrows(AssertionError.class, () -> EstimatorProperties.assertUnbiased(halved, Problems.random(3), 0.5, 2,
        3000, 5, 3));
  }

  @Test
  void linearStalenessAcceptsGrpoAndRejectsTicAndGspo() {
    qt().withFixedSeed(6L).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed ->
        EstimatorProperties.assertBiasLinearInStaleness(Estimators.closedForm(Estimator.GRPO, Baseline.LEAVE_ONE_OUT,
            Clip.none()), Problems.random(seed), 2, 0.1));
    Problem p = Problems.random(4);
    assertThrows(AssertionError.class, () -> EstimatorProperties.assertBiasLinearInStaleness(MINE, p, 2, 0.1));
    assertThrows(AssertionError.class, () -> EstimatorProperties.assertBiasLinearInStaleness(
        Estimators.closedForm(Estimator.GSPO, Baseline.LEAVE_ONE_OUT, Clip.none()), p, 2, 0.1));
  }

  @Test
  void closedFormAcceptsTheObjectivesGradientAndRejectsAForgottenClip() {
    Clip clip = Clip.of(0.2);
    qt().withFixedSeed(7L).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Problem p = Problems.random(seed);
      EstimatorProperties.assertEqualsClosedForm(Estimators.objective(Estimator.TIC, Baseline.LEAVE_ONE_OUT, clip),
          Estimators.closedForm(Estimator.TIC, Baseline.LEAVE_ONE_OUT, clip), p, 0.5, 4, 5, 1e-12, seed);
      EstimatorProperties.assertEqualsClosedForm(MINE, Estimators.closedForm(Estimator.TIC_NO_CLIP,
          Baseline.LEAVE_ONE_OUT, clip), p, 0.5, 4, 5, 1e-12, seed);
    });
    assertThrows(AssertionError.class, () -> EstimatorProperties.assertEqualsClosedForm(
        Estimators.objective(Estimator.TIC, Baseline.LEAVE_ONE_OUT, clip),
        Estimators.closedForm(Estimator.TIC, Baseline.LEAVE_ONE_OUT, Clip.none()), Problems.random(8), 1.0, 4, 20,
        1e-12, 8));
  }

  @Test
  void shiftInvarianceAcceptsABaselineAndRejectsRawRewards() {
    qt().withFixedSeed(8L).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed ->
        EstimatorProperties.assertShiftInvariant(MINE, Problems.random(seed), 0.5, 4, 3.0, 10, seed));
    GradientEstimator raw = g -> tic(g, g.rewards());
    assertThrows(AssertionError.class, () -> EstimatorProperties.assertShiftInvariant(raw, Problems.random(9), 0.5,
        4, 3.0, 10, 9));
  }

  @Test
  void exactExpectationRefusesTooManyGroupsNamingTheCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EstimatorProperties.exactExpectation(MINE, Problems.random(1, 4, 4), 0.1, 5));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("28629151"), e.getMessage());
  }
}
