package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Adam's steps, clip fractions against a direct count, Adam and constant-step runs, covariance traces by sampling. */
class StepRuleAndClipTest {
  private static final Reward TWO_AS = Reward.exactlyAs(2, 3);

  @Test
  void adamsFirstStepIsEtaTimesTheSignAndSgdsIsEtaTimesTheGradient() {
    double[] g = {2.0, -0.001, 0.5};
    double[] adam = StepRule.ADAM.stepper(3, 0.1).step(g);
    double[] sgd = StepRule.SGD.stepper(3, 0.1).step(g);
    for (int i = 0; i < 3; i++) {
      assertEquals(0.1 * Math.signum(g[i]), adam[i], 1e-6, "Adam's bias-corrected first step " + i);
      assertEquals(0.1 * g[i], sgd[i], 1e-15, "SGD step " + i);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StepRule.ADAM.stepper(3, -1));
    assertTrue(e.getMessage().contains("eta -1"), e.getMessage());
  }

  @Test
  void clipFractionCountsTheTermsTheClipZeroes() {
    TokenTree tree = new TokenTree(5);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, 1);
    PrefixSoftmaxPolicy pi = old.plus(2.0, PrefixSoftmaxPolicy.random(tree, 1.0, 2).parameters());
    SplittableRandom r = new SplittableRandom(3);
    int[][] outs = new int[64][];
    double[] adv = new double[64];
    int expected = 0;
    for (int i = 0; i < 64; i++) {
      outs[i] = old.sample(r);
      adv[i] = r.nextGaussian();
      double rho = Math.exp(pi.logProbability(outs[i]) - old.logProbability(outs[i]));
      expected += adv[i] > 0 && rho > 1.2 ? 1 : 0;
    }
    assertTrue(expected > 0, "the step must clip some outputs for the check to mean anything");
    assertEquals(expected / 64.0, TreeEstimates.clipFraction(Estimator.TIC, Clip.of(0.2), pi, old, outs, adv), 1e-15);
    assertEquals(0, TreeEstimates.clipFraction(Estimator.TIC_NO_CLIP, Clip.of(0.2), pi, old, outs, adv));
    assertEquals(0, TreeEstimates.clipFraction(Estimator.GRPO, Clip.of(0.2), old, old, outs, adv), "at theta_old");
  }

  @Test
  void adamAndConstantStepRunsClimbAndRecordClipFractions() {
    ConvergenceRun.Config base = new ConvergenceRun.Config(4, 60, 2, 8, 4, 0.5, Clip.of(0.2));
    for (StepRule rule : StepRule.values()) {
      ConvergenceRun.Trace t = ConvergenceRun.run(Estimator.TIC, base.with(rule, rule == StepRule.ADAM ? 0.1 : 0.5),
          TWO_AS, 7, 1);
      double j0 = ExactGradients.objective(PrefixSoftmaxPolicy.random(new TokenTree(4), 0.7, 7), TWO_AS);
      assertTrue(t.objective()[59] > j0 + 0.1, rule + ": J from " + j0 + " to " + t.objective()[59]);
      assertTrue(java.util.Arrays.stream(t.clipFraction()).max().orElse(0) > 0, rule + ": TIC never clipped at K 4");
    }
  }

  @Test
  void exactCovarianceTraceMatchesTheSampleCovariance() {
    TokenTree tree = new TokenTree(4);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, 4);
    PrefixSoftmaxPolicy pi = old.plus(1.0, ExperimentFiles.unit(PrefixSoftmaxPolicy.random(tree, 1.0, 5).parameters()));
    double[] exact = CovarianceExperiment.traceAndRho2(Estimator.TIC_NO_CLIP, old, pi, TWO_AS);
    double jOld = ExactGradients.objective(old, TWO_AS);
    double g2 = Math.pow(ExperimentFiles.norm(ExactGradients.gradient(old, TWO_AS)), 2);
    int n = 40_000;
    SplittableRandom r = new SplittableRandom(6);
    double[] sum = new double[pi.parameters().length];
    double sq = 0;
    for (int i = 0; i < n; i++) {
      int[] o = old.sample(r);
      double[] x = TreeEstimates.estimate(Estimator.TIC_NO_CLIP, Clip.none(), pi, old, new int[][] {o},
          new double[] {TWO_AS.of(o) - jOld});
      for (int j = 0; j < x.length; j++) {
        sum[j] += x[j];
        sq += x[j] * x[j];
      }
    }
    double m2 = 0;
    for (double s : sum) {
      m2 += (s / n) * (s / n);
    }
    double sampled = (sq / n - m2) / g2;
    assertTrue(exact[0] > 0.1, "a trace of " + exact[0] + " would make the comparison empty");
    assertEquals(exact[0], sampled, 0.05 * exact[0], "exact trace against 40,000 samples");
    double atOld = CovarianceExperiment.traceAndRho2(Estimator.TIC_NO_CLIP, old, old, TWO_AS)[0];
    assertEquals(atOld, CovarianceExperiment.traceAndRho2(Estimator.GRPO, old, old, TWO_AS)[0], 1e-9 * atOld,
        "TIC and GRPO coincide at theta_old");
  }
}
