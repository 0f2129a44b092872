package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The exactly solvable problem of spec/convergence.md: enumeration against finite differences and the theory. */
class ExactGradientsTest {
  private static final Reward TWO_AS = Reward.exactlyAs(2, 3);

  @Test
  void treeHoldsEveryOutputOnceAndTheProbabilitiesSumToOne() {
    for (int t = 1; t <= 8; t++) {
      TokenTree tree = new TokenTree(t);
      assertEquals((1 << (t + 1)) - 1, tree.outputs().size(), "outputs of T = " + t);
      PrefixSoftmaxPolicy pi = PrefixSoftmaxPolicy.random(tree, 1.0, t);
      double total = tree.outputs().stream().mapToDouble(o -> Math.exp(pi.logProbability(o))).sum();
      assertEquals(1.0, total, 1e-12, "sum of P(o) for T = " + t);
    }
  }

  @Test
  void enumeratedGradientEqualsCentralDifferences() {
    TokenTree tree = new TokenTree(5);
    PrefixSoftmaxPolicy pi = PrefixSoftmaxPolicy.random(tree, 0.7, 11);
    double j = ExactGradients.objective(pi, TWO_AS);
    assertTrue(j > 0.05 && j < 0.5, "J(theta_0) = " + j + " should be between 0.05 and 0.5");
    double[] g = ExactGradients.gradient(pi, TWO_AS);
    double h = 1e-5;
    for (int k = 0; k < g.length; k++) {
      double[] e = new double[g.length];
      e[k] = 1;
      double fd = (ExactGradients.objective(pi.plus(h, e), TWO_AS) - ExactGradients.objective(pi.plus(-h, e), TWO_AS))
          / (2 * h);
      assertEquals(fd, g[k], 1e-9, "d J / d theta[" + k + "]");
    }
  }

  @Test
  void ticWithALeaveOneOutBaselineIsUnbiasedAtTheCurrentPolicy() {
    for (int t : new int[] {5, 6, 8}) {
      TokenTree tree = new TokenTree(t);
      PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, 20 + t);
      PrefixSoftmaxPolicy pi = old.plus(0.3, PrefixSoftmaxPolicy.random(tree, 1.0, 40 + t).parameters());
      double[] want = ExactGradients.gradient(pi, TWO_AS);
      double[] got = TreeEstimates.expectation(Estimator.TIC, pi, old, TWO_AS);
      assertTrue(distance(got, want) <= 1e-10 * norm(want), "T = " + t + ": |E[TIC] - grad J(theta)| = "
          + distance(got, want) + " for |grad J| = " + norm(want));
    }
  }

  @Test
  void grpoEstimatesTheOldPolicysGradientWithABiasLinearInTheStep() {
    TokenTree tree = new TokenTree(6);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, 3);
    double[] u = PrefixSoftmaxPolicy.random(tree, 1.0, 4).parameters();
    double[] atOld = TreeEstimates.expectation(Estimator.GRPO, old, old, TWO_AS);
    double[] gradOld = ExactGradients.gradient(old, TWO_AS);
    assertTrue(distance(atOld, gradOld) <= 1e-10 * norm(gradOld), "E[GRPO] at theta_old is grad J(theta_old)");
    double[] bias = new double[3];
    double[] deltas = {1e-3, 2e-3, 4e-3};
    for (int i = 0; i < 3; i++) {
      PrefixSoftmaxPolicy pi = old.plus(deltas[i], u);
      bias[i] = distance(TreeEstimates.expectation(Estimator.GRPO, pi, old, TWO_AS), ExactGradients.gradient(pi, TWO_AS));
    }
    assertTrue(bias[0] > 1e-8, "no bias at delta 1e-3: " + bias[0]);
    for (int i = 1; i < 3; i++) {
      double slope = Math.log(bias[i] / bias[i - 1]) / Math.log(deltas[i] / deltas[i - 1]);
      assertEquals(1.0, slope, 0.05, "log-log slope of GRPO's bias against the step");
    }
  }

  private static double norm(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
