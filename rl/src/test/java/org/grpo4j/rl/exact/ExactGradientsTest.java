package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.rl.objective.Aggregation;
import org.grpo4j.rl.objective.GrpoClip;
import org.grpo4j.rl.objective.KlEstimator;
import org.grpo4j.rl.objective.PolicyBatch;
import org.grpo4j.rl.objective.TicGrpo;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

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
      double[] got = ExactGradients.ticLeaveOneOut(pi, old, TWO_AS);
      assertTrue(distance(got, want) <= 1e-10 * norm(want), "T = " + t + ": |E[TIC] - grad J(theta)| = "
          + distance(got, want) + " for |grad J| = " + norm(want));
    }
  }

  @Test
  void grpoEstimatesTheOldPolicysGradientWithABiasLinearInTheStep() {
    TokenTree tree = new TokenTree(6);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, 3);
    double[] u = PrefixSoftmaxPolicy.random(tree, 1.0, 4).parameters();
    double[] atOld = ExactGradients.grpoTokenLeaveOneOut(old, old, TWO_AS);
    double[] gradOld = ExactGradients.gradient(old, TWO_AS);
    assertTrue(distance(atOld, gradOld) <= 1e-10 * norm(gradOld), "E[GRPO] at theta_old is grad J(theta_old)");
    double[] bias = new double[3];
    double[] deltas = {1e-3, 2e-3, 4e-3};
    for (int i = 0; i < 3; i++) {
      PrefixSoftmaxPolicy pi = old.plus(deltas[i], u);
      bias[i] = distance(ExactGradients.grpoTokenLeaveOneOut(pi, old, TWO_AS), ExactGradients.gradient(pi, TWO_AS));
    }
    assertTrue(bias[0] > 1e-8, "no bias at delta 1e-3: " + bias[0]);
    for (int i = 1; i < 3; i++) {
      double slope = Math.log(bias[i] / bias[i - 1]) / Math.log(deltas[i] / deltas[i - 1]);
      assertEquals(1.0, slope, 0.05, "log-log slope of GRPO's bias against the step");
    }
  }

  @Test
  void objectivesDifferentiatedByTheEngineEqualTheirClosedFormsOnTheTabularPolicy() {
    TokenTree tree = new TokenTree(5);
    SplittableRandom r = new SplittableRandom(9);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, 5);
    PrefixSoftmaxPolicy pi = old.plus(0.25, PrefixSoftmaxPolicy.random(tree, 1.0, 6).parameters());
    List<int[]> outs = tree.outputs();
    int n = 8;
    int[][] group = new int[n][];
    double[] adv = new double[n];
    for (int i = 0; i < n; i++) {
      group[i] = outs.get(r.nextInt(outs.size()));
      adv[i] = r.nextGaussian();
    }
    // TIC-GRPO: -(1/B) sum_i 1{not (A > 0 and rho > 1 + eps)} rho_i A_i grad log P(o_i)
    double eps = 0.2;
    double[] want = new double[pi.parameters().length];
    for (int i = 0; i < n; i++) {
      double rho = Math.exp(pi.logProbability(group[i]) - old.logProbability(group[i]));
      if (!(adv[i] > 0 && rho > 1 + eps)) {
        for (int t = 0; t < group[i].length; t++) {
          pi.addTokenScore(group[i], t, -rho * adv[i] / n, want);
        }
      }
    }
    assertClose(want, engineGradient(pi, old, group, adv, true, eps), "TIC-GRPO");
    // GRPO clip, seq-mean-token-mean: -(1/B) sum_i (1/|o_i|) sum_t [unclipped] w_t A_i grad log pi(o_t)
    want = new double[want.length];
    for (int i = 0; i < n; i++) {
      double[] l = pi.tokenLogProbs(group[i]);
      double[] lOld = old.tokenLogProbs(group[i]);
      for (int t = 0; t < l.length; t++) {
        double w = Math.exp(l[t] - lOld[t]);
        boolean clipped = adv[i] > 0 && w > 1 + eps || adv[i] < 0 && w < 1 - eps;
        if (!clipped) {
          pi.addTokenScore(group[i], t, -w * adv[i] / l.length / n, want);
        }
      }
    }
    assertClose(want, engineGradient(pi, old, group, adv, false, eps), "GRPO clip");
  }

  /** The gradient the autograd engine gives theta through an objective over the group's per-token log-probs. */
  private static double[] engineGradient(PrefixSoftmaxPolicy pi, PrefixSoftmaxPolicy old, int[][] group,
      double[] adv, boolean tic, double eps) {
    int n = group.length;
    int tMax = pi.tree().maxTokens();
    Tensor theta = Tensor.param(Nd4j.createFromArray(pi.parameters()).reshape(pi.tree().prefixCount(),
        TokenTree.VOCAB));
    int[] prefixes = new int[n * tMax];
    int[] tokens = new int[n * tMax];
    double[][] oldLogp = new double[n][tMax];
    double[][] mask = new double[n][tMax];
    for (int i = 0; i < n; i++) {
      double[] lOld = old.tokenLogProbs(group[i]);
      for (int t = 0; t < group[i].length; t++) {
        prefixes[i * tMax + t] = TokenTree.prefixId(group[i], t);
        tokens[i * tMax + t] = group[i][t];
        oldLogp[i][t] = lOld[t];
        mask[i][t] = 1;
      }
    }
    Tensor logits = F.embedding(theta, prefixes, (long) n * tMax); // (n * T, 3); padding reads prefix 0, masked
    Tensor logp = F.gatherLogProb(logits, tokens).reshape(n, tMax);
    PolicyBatch batch = new PolicyBatch(logp, Nd4j.createFromArray(oldLogp), null, Nd4j.createFromArray(mask), adv,
        new int[n]);
    Tensor loss = tic ? TicGrpo.of(eps).loss(batch).loss()
        : new GrpoClip(eps, eps, Aggregation.SEQ_MEAN_TOKEN_MEAN, 1, 0, KlEstimator.K3).loss(batch).loss();
    loss.backward();
    return Nd.toDoubles(theta.grad().castTo(DataType.DOUBLE));
  }

  private static void assertClose(double[] want, double[] got, String what) {
    assertTrue(distance(got, want) <= 1e-12 * (1 + norm(want)), what + ": |engine - closed form| = "
        + distance(got, want) + " for |closed form| = " + norm(want));
    assertTrue(norm(want) > 1e-3, what + ": the closed form is ~0, the check would be empty");
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
