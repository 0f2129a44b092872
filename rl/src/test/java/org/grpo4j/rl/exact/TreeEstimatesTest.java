package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every estimator of the experiments is the gradient of its rl.objective loss: the closed forms of
 * {@link TreeEstimates} against the engine's gradients ({@link EngineEstimates}) for every estimator and clip range.
 */
class TreeEstimatesTest {
  private static final int EXAMPLES = System.getenv("CI") != null ? 10 : 30;
  private static final List<Clip> CLIPS = List.of(Clip.of(0.2), Clip.of(0.05), new Clip(0.2, 0.28, 3e-4, 4e-4),
      new Clip(0.1, 0.3, 0.01, 0.02), new Clip(0.3, 0.1, 0.05, 0.001), Clip.none());

  /** A random group: T_max 2 to 5, theta a random step from theta_old, random outputs and advantages. */
  private record Case(PrefixSoftmaxPolicy theta, PrefixSoftmaxPolicy old, int[][] outs, double[] adv) {
    static Case random(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      TokenTree tree = new TokenTree(2 + r.nextInt(4));
      PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, r.nextLong());
      PrefixSoftmaxPolicy theta = old.plus(r.nextDouble(0.05, 0.5),
          PrefixSoftmaxPolicy.random(tree, 1.0, r.nextLong()).parameters());
      int n = 2 + r.nextInt(10);
      int[][] outs = new int[n][];
      double[] adv = new double[n];
      for (int i = 0; i < n; i++) {
        outs[i] = old.sample(r);
        adv[i] = r.nextGaussian();
      }
      return new Case(theta, old, outs, adv);
    }
  }

  @Test
  void closedFormEqualsTheObjectivesEngineGradientForEveryEstimatorAndClipRange() {
    List<String> clippedSomewhere = new ArrayList<>();
    for (Clip clip : CLIPS) {
      for (Estimator e : Estimator.values()) {
        if (!e.sampled()) {
          continue;
        }
        for (long seed = 1; seed <= 6; seed++) {
          Case c = Case.random(seed * 101 + e.ordinal());
          double[] want = TreeEstimates.estimate(e, clip, c.theta(), c.old(), c.outs(), c.adv());
          double[] got = EngineEstimates.estimate(e, clip, c.theta(), c.old(), c.outs(), c.adv());
          assertClose(want, got, e + " with " + clip + ", case " + seed);
          double[] free = TreeEstimates.estimate(e, Clip.none(), c.theta(), c.old(), c.outs(), c.adv());
          if (ExperimentFiles.distance(free, want) > 1e-9 * ExperimentFiles.norm(free)) {
            clippedSomewhere.add(e + "/" + clip);
          }
        }
      }
    }
    for (Clip clip : CLIPS.subList(0, CLIPS.size() - 1)) { // the clip must have acted, or the test checks less
      for (Estimator e : List.of(Estimator.GRPO, Estimator.DR_GRPO, Estimator.TIC, Estimator.GSPO)) {
        assertTrue(clippedSomewhere.contains(e + "/" + clip), e + " never clipped with " + clip);
      }
    }
  }

  @Test
  void closedFormEqualsTheEngineOnRandomClipRanges() {
    qt().withFixedSeed(41L).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      Clip clip = new Clip(r.nextDouble(0, 0.9), r.nextDouble(0, 2), r.nextDouble(0, 0.01), r.nextDouble(0, 0.01));
      Case c = Case.random(r.nextLong());
      for (Estimator e : Estimator.values()) {
        if (e.sampled()) {
          assertClose(TreeEstimates.estimate(e, clip, c.theta(), c.old(), c.outs(), c.adv()),
              EngineEstimates.estimate(e, clip, c.theta(), c.old(), c.outs(), c.adv()), e + " with " + clip);
        }
      }
    });
  }

  @Test
  void exactExpectationsEqualTheEngineGradientOfTheObjectiveOverEveryOutput() {
    Reward reward = Reward.exactlyAs(2, 3);
    TokenTree tree = new TokenTree(5);
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, 3);
    PrefixSoftmaxPolicy pi = old.plus(0.2, PrefixSoftmaxPolicy.random(tree, 1.0, 4).parameters());
    for (Estimator e : Estimator.values()) {
      if (e.sampled()) {
        assertClose(TreeEstimates.expectation(e, pi, old, reward), EngineEstimates.expectation(e, pi, old, reward),
            "E[" + e + "]");
      }
    }
  }

  @Test
  void namesParseCaseInsensitivelyAndUnknownOnesAreNamed() {
    for (Estimator e : Estimator.values()) {
      assertTrue(Estimator.parse(e.cliName().toUpperCase(java.util.Locale.ROOT)) == e, e.cliName());
    }
    var ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Estimator.parse("ppo"));
    assertTrue(ex.getMessage().contains("'ppo'") && ex.getMessage().contains("tic_no_clip"), ex.getMessage());
  }

  static void assertClose(double[] want, double[] got, String what) {
    double d = ExperimentFiles.distance(got, want);
    assertTrue(d <= 1e-12 * (1 + ExperimentFiles.norm(want)), what + ": |engine - closed form| = " + d
        + " for |closed form| = " + ExperimentFiles.norm(want));
  }
}
