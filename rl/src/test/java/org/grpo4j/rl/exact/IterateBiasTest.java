package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** E1 along real inner-step iterates: the iterates are SGD/Adam steps of GRPO, and the biases behave as on a line. */
class IterateBiasTest {
  private static final Reward TWO_AS = Reward.exactlyAs(2, 3);

  @Test
  void theFirstSgdStepIsReinforceOnTheBatchWithTheTargetLength() {
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(new TokenTree(5), 0.7, 7);
    IterateBias.Batch batch = IterateBias.Batch.draw(old, TWO_AS, new SplittableRandom(9));
    // independent reference: at theta_old every ratio is 1, so GRPO's direction is (1/n) sum_i A_i score(o_i)
    double[] reinforce = new double[old.parameters().length];
    int n = batch.outputs().length;
    for (int i = 0; i < n; i++) {
      double[] score = old.score(batch.outputs()[i]);
      for (int j = 0; j < score.length; j++) {
        reinforce[j] += batch.advantages()[i] * score[j] / n;
      }
    }
    double[] unit = ExperimentFiles.unit(reinforce);
    List<IterateBias.Iterate> its = IterateBias.iterates(StepRule.SGD, 1e-2, old, batch);
    assertEquals(IterateBias.INNER_STEPS, its.size(), "one iterate per inner step");
    double[] step = difference(its.get(0).policy(), old);
    assertEquals(1e-2, ExperimentFiles.norm(step), 1e-14, "the first step has the target length");
    for (int j = 0; j < step.length; j++) {
      assertEquals(1e-2 * unit[j], step[j], 1e-14, "first SGD step along REINFORCE, parameter " + j);
    }
    double[] second = difference(its.get(1).policy(), its.get(0).policy());
    double cos = dot(second, step) / ExperimentFiles.norm(second) / ExperimentFiles.norm(step);
    assertTrue(cos < 1 - 1e-9 && cos > 0.9, "the second step is the gradient at theta_1, close to but not the "
        + "first (cosine " + cos + ")");
  }

  @Test
  void theFirstAdamStepMovesEveryTouchedParameterByTheSameAmount() {
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(new TokenTree(5), 0.7, 7);
    IterateBias.Batch batch = IterateBias.Batch.draw(old, TWO_AS, new SplittableRandom(9));
    double[] step = difference(IterateBias.iterates(StepRule.ADAM, 1e-3, old, batch).get(0).policy(), old);
    double[] g = batch.grpoGradient(old, old);
    long touched = java.util.Arrays.stream(g).filter(x -> Math.abs(x) > 1e-6).count();
    assertTrue(touched > 3, "the batch touches several parameters: " + touched);
    double each = 1e-3 / Math.sqrt(touched);
    for (int j = 0; j < g.length; j++) {
      if (Math.abs(g[j]) > 1e-6) {
        assertEquals(Math.signum(g[j]) * each, step[j], each * 1e-4, "Adam's first step is eta sign(g), parameter "
            + j);
      }
    }
  }

  @Test
  void biasAlongIteratesIsLinearForGrpoAndNoIsZeroForTic() {
    int seeds = 3;
    IterateBias.Result res = IterateBias.run(PolicyContext.PREFIX, new int[] {5}, seeds, 7);
    int perCell = seeds * 2 * IterateBias.FIRST_STEPS.length * IterateBias.INNER_STEPS;
    for (Estimator e : BiasExperiment.ESTIMATORS) {
      assertEquals(perCell, res.points().stream().filter(p -> p.estimator() == e).count(), "points of " + e);
    }
    for (StepRule rule : StepRule.values()) {
      for (Estimator e : List.of(Estimator.GRPO, Estimator.NO_IS_FROZEN, Estimator.NO_IS_STALE)) {
        Interval s = res.slope(5, rule, e);
        Interval small = res.smallSlope(5, rule, e);
        assertEquals(1.0, s.value(), 0.02, e + " along " + rule + " iterates: " + s);
        assertEquals(1.0, small.value(), 0.005, e + " along " + rule + " iterates within distance 0.01: " + small);
      }
      Interval gspo = res.slope(5, rule, Estimator.GSPO);
      assertEquals(0.0, gspo.value(), 0.05, "GSPO's bias does not vanish at theta_old: flat in the distance " + gspo);
    }
    for (IterateBias.Point p : res.points()) {
      if (p.estimator() == Estimator.TIC) {
        assertTrue(p.relativeBias() < 1e-12, "TIC biased by " + p.relativeBias() + " at distance " + p.distance());
      }
      if (p.estimator() == Estimator.GSPO) {
        assertTrue(p.relativeBias() > 0.1, "GSPO unbiased at distance " + p.distance() + "?");
      }
    }
    assertTrue(res.ticMaxRelativeBias() > 0 && res.ticMaxRelativeBias() < 1e-12, "TIC max " + res.ticMaxRelativeBias());
    double largest = res.points().stream().mapToDouble(IterateBias.Point::distance).max().orElseThrow();
    assertTrue(largest > 0.1, "the runs reach beyond the fit range: " + largest);
  }

  private static double[] difference(PrefixSoftmaxPolicy a, PrefixSoftmaxPolicy b) {
    double[] x = a.parameters();
    double[] y = b.parameters();
    for (int i = 0; i < x.length; i++) {
      x[i] -= y[i];
    }
    return x;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
