package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/** The sampled training loop of E3: correct sampling, identical methods at K = 1, ascent of the exact PG. */
class ConvergenceRunTest {
  private static final Reward TWO_AS = Reward.exactlyAs(2, 3);

  @Test
  void samplesFollowTheEnumeratedProbabilities() { // chi-square goodness of fit, rejected at alpha = 1e-3
    TokenTree tree = new TokenTree(3);
    PrefixSoftmaxPolicy pi = PrefixSoftmaxPolicy.random(tree, 0.8, 2);
    List<int[]> outs = tree.outputs();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < outs.size(); i++) {
      index.put(java.util.Arrays.toString(outs.get(i)), i);
    }
    long[] observed = new long[outs.size()];
    SplittableRandom r = new SplittableRandom(5);
    int draws = 40_000;
    for (int i = 0; i < draws; i++) {
      observed[index.get(java.util.Arrays.toString(pi.sample(r)))]++;
    }
    double[] expected = outs.stream().mapToDouble(o -> Math.exp(pi.logProbability(o)) * draws).toArray();
    double p = new ChiSquareTest().chiSquareTest(expected, observed);
    assertTrue(p > 1e-3, "sampled frequencies differ from P(o): chi-square p = " + p);
  }

  @Test
  void withOneInnerStepEverySampledMethodTakesTheSameSteps() {
    ConvergenceRun.Config c = new ConvergenceRun.Config(5, 40, 2, 4, 1, 0.3, Clip.of(0.2));
    ConvergenceRun.Trace reference = ConvergenceRun.run(Estimator.NO_IS_FROZEN, c, TWO_AS, 3, 4);
    for (Estimator m : List.of(Estimator.GRPO, Estimator.NO_IS_STALE, Estimator.TIC, Estimator.TIC_NO_CLIP)) {
      ConvergenceRun.Trace t = ConvergenceRun.run(m, c, TWO_AS, 3, 4);
      assertArrayEquals(reference.objective(), t.objective(), 0.0, m + " differs from no-IS at K = 1");
    }
  }

  @Test
  void exactPolicyGradientAscentIncreasesTheObjectiveEveryIteration() {
    ConvergenceRun.Trace t = ConvergenceRun.run(Estimator.EXACT_PG, new ConvergenceRun.Config(5, 60, 1, 2, 2, 0.05,
        Clip.of(0.2)), TWO_AS, 3, 4);
    for (int i = 1; i < t.objective().length; i++) {
      assertTrue(t.objective()[i] > t.objective()[i - 1], "J fell at iteration " + i);
    }
  }
}
