package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Markov policy (position, previous token): the tree's exact identities hold with its shared parameters too. */
class MarkovPolicyTest {
  private static final Reward TWO_AS = Reward.exactlyAs(2, 3);

  @Test
  void contextsAreSharedAcrossPrefixesAndCountedExactly() {
    TokenTree tree = new TokenTree(5);
    assertEquals(9, PolicyContext.MARKOV.count(tree), "2T - 1 contexts");
    // "ab" and "bb" end in b at position 2: one context; "aa" another
    assertEquals(PolicyContext.MARKOV.id(new int[] {0, 1, 2}, 2), PolicyContext.MARKOV.id(new int[] {1, 1, 2}, 2));
    assertTrue(PolicyContext.MARKOV.id(new int[] {0, 0, 2}, 2) != PolicyContext.MARKOV.id(new int[] {0, 1, 2}, 2));
    for (int[] o : tree.outputs()) {
      for (int t = 0; t < o.length; t++) {
        int id = PolicyContext.MARKOV.id(o, t);
        assertTrue(id >= 0 && id < 9, "context " + id + " of " + java.util.Arrays.toString(o) + " at " + t);
      }
    }
  }

  @Test
  void gradientEqualsCentralDifferencesAndProbabilitiesSumToOne() {
    TokenTree tree = new TokenTree(6);
    PrefixSoftmaxPolicy pi = PrefixSoftmaxPolicy.random(tree, PolicyContext.MARKOV, 0.7, 5);
    assertEquals(1.0, tree.outputs().stream().mapToDouble(o -> Math.exp(pi.logProbability(o))).sum(), 1e-12);
    double[] g = ExactGradients.gradient(pi, TWO_AS);
    assertEquals(33, g.length, "11 contexts x 3 logits");
    double h = 1e-5;
    for (int k = 0; k < g.length; k++) {
      double[] e = new double[g.length];
      e[k] = 1;
      double fd = (ExactGradients.objective(pi.plus(h, e), TWO_AS) - ExactGradients.objective(pi.plus(-h, e), TWO_AS))
          / (2 * h);
      assertEquals(fd, g[k], 1e-9, "d J / d theta[" + k + "]");
    }
    assertTrue(ExperimentFiles.norm(g) > 1e-3, "a vanishing gradient would make the comparison empty");
  }

  @Test
  void ticIsUnbiasedAndGrpoIsNotAwayFromTheOldPolicy() {
    TokenTree tree = new TokenTree(6);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, PolicyContext.MARKOV, 0.7, 8);
    PrefixSoftmaxPolicy pi = old.plus(0.5, PrefixSoftmaxPolicy.random(tree, PolicyContext.MARKOV, 1.0, 9)
        .parameters());
    double[] want = ExactGradients.gradient(pi, TWO_AS);
    double tic = ExperimentFiles.distance(TreeEstimates.expectation(Estimator.TIC, pi, old, TWO_AS), want);
    double grpo = ExperimentFiles.distance(TreeEstimates.expectation(Estimator.GRPO, pi, old, TWO_AS), want);
    assertTrue(tic <= 1e-10 * ExperimentFiles.norm(want), "|E[TIC] - grad J| = " + tic);
    assertTrue(grpo > 1e-3 * ExperimentFiles.norm(want), "|E[GRPO] - grad J| = " + grpo + " should be visible");
  }

  @Test
  void engineGradientsOfTheObjectivesEqualTheClosedFormsOnTheMarkovPolicy() {
    TokenTree tree = new TokenTree(4);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, PolicyContext.MARKOV, 0.7, 2);
    PrefixSoftmaxPolicy pi = old.plus(0.4, PrefixSoftmaxPolicy.random(tree, PolicyContext.MARKOV, 1.0, 3)
        .parameters());
    java.util.SplittableRandom r = new java.util.SplittableRandom(4);
    int[][] outs = new int[8][];
    double[] adv = new double[8];
    for (int i = 0; i < 8; i++) {
      outs[i] = old.sample(r);
      adv[i] = r.nextGaussian();
    }
    for (Estimator e : Estimator.values()) {
      if (e.sampled()) {
        double[] closed = TreeEstimates.estimate(e, Clip.of(0.2), pi, old, outs, adv);
        double[] engine = EngineEstimates.estimate(e, Clip.of(0.2), pi, old, outs, adv);
        assertTrue(ExperimentFiles.distance(closed, engine) <= 1e-10 * (1 + ExperimentFiles.norm(closed)), e
            + ": closed form and engine differ by " + ExperimentFiles.distance(closed, engine));
      }
    }
  }
}
