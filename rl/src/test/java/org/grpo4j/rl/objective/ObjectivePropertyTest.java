package org.grpo4j.rl.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The objectives against their closed forms on random ragged batches, and the advantages' edge cases. */
class ObjectivePropertyTest {
  private static final int EXAMPLES = System.getenv("CI") != null ? 60 : 200;

  /** A random batch: B outputs in groups of 2, ragged lengths, log-ratios around 0 so some ratios clip. */
  private static PolicyBatch batch(SplittableRandom r, boolean sameAsOld) {
    int b = 2 * (1 + r.nextInt(4));
    int t = 1 + r.nextInt(6);
    double[][] logp = new double[b][t];
    double[][] old = new double[b][t];
    double[][] mask = new double[b][t];
    double[] adv = new double[b];
    int[] groups = new int[b];
    for (int i = 0; i < b; i++) {
      int len = 1 + r.nextInt(t);
      for (int j = 0; j < t; j++) {
        old[i][j] = -r.nextDouble(0.05, 3);
        logp[i][j] = sameAsOld ? old[i][j] : old[i][j] + r.nextGaussian() * 0.3;
        mask[i][j] = j < len ? 1 : 0;
      }
      adv[i] = r.nextGaussian();
      groups[i] = i / 2;
    }
    return new PolicyBatch(Tensor.param(Nd4j.createFromArray(logp)), Nd4j.createFromArray(old), null,
        Nd4j.createFromArray(mask), adv, groups);
  }

  @Test
  void ticGrpoGradientIsTheClippedTrajectoryRatioTimesTheScoreFunction() {
    qt().withFixedSeed(311L).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      PolicyBatch b = batch(r, false);
      double eps = new double[] {0.0, 0.2, 0.28}[r.nextInt(3)];
      LengthCorrection lc = LengthCorrection.values()[r.nextInt(LengthCorrection.values().length)];
      boolean tis = r.nextBoolean();
      new TicGrpo(eps, lc, tis, 20).loss(b).loss().backward();
      double[] grad = Nd.toDoubles(b.logp().grad());
      double[] lp = Nd.toDoubles(b.logp().data());
      double[] old = Nd.toDoubles(b.oldLogp());
      double[] mask = Nd.toDoubles(b.mask());
      double[] len = b.lengths();
      int n = b.size();
      int t = b.paddedLength();
      for (int i = 0; i < n; i++) {
        double logRho = 0;
        for (int j = 0; j < t; j++) {
          logRho += mask[i * t + j] * (lp[i * t + j] - old[i * t + j]);
        }
        double rho = Math.exp(logRho);
        double a = b.advantages()[i];
        boolean clipped = tis ? rho > 1 + eps : a > 0 && rho > 1 + eps;
        double c = switch (lc) {
          case NONE, PER_TOKEN_REWARD -> 1;
          case PER_SEQUENCE -> 1 / len[i];
          case GROUP_MEAN_LENGTH -> 2 / (len[2 * (i / 2)] + len[2 * (i / 2) + 1]);
        };
        double want = clipped ? 0 : -a * rho * c / n;
        for (int j = 0; j < t; j++) {
          assertEquals(want * mask[i * t + j], grad[i * t + j], 1e-12 * (1 + Math.abs(want)),
              "seed " + seed + " output " + i + " token " + j + " (" + lc + ", truncated IS " + tis + ")");
        }
      }
    });
  }

  @Test
  void atTheOldPolicyGrpoIsReinforceWhateverTheClipAndAggregation() {
    qt().withFixedSeed(312L).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      Aggregation agg = Aggregation.values()[r.nextInt(Aggregation.values().length)];
      PolicyBatch b = batch(r, true);
      new GrpoClip(0.2, 0.28, agg, 7, 0, KlEstimator.K3).loss(b).loss().backward();
      double[] clip = Nd.toDoubles(b.logp().grad());
      PolicyBatch same = new PolicyBatch(Tensor.param(b.logp().data().dup()), b.oldLogp(), null, b.mask(),
          b.advantages(), b.groups());
      new GrpoNoImportanceSampling(agg, 7).loss(same).loss().backward();
      assertArrayEquals(Nd.toDoubles(same.logp().grad()), clip, 1e-12, "seed " + seed + " " + agg);
    });
  }

  @Test
  void reinforceGradientIsMinusTheAdvantageOverBOnEveryUnmaskedToken() {
    qt().withFixedSeed(313L).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      PolicyBatch b = batch(new SplittableRandom(seed), false);
      new Reinforce().loss(b).loss().backward();
      double[] grad = Nd.toDoubles(b.logp().grad());
      double[] mask = Nd.toDoubles(b.mask());
      int t = b.paddedLength();
      for (int i = 0; i < grad.length; i++) {
        assertEquals(-b.advantages()[i / t] / b.size() * mask[i], grad[i], 1e-15, "seed " + seed + " at " + i);
      }
    });
  }

  @Test
  void advantagesOfDegenerateGroupsAreZeroAndLeaveOneOutUsesTheOthersMean() {
    double[] r = {1, 1, 1, 0, 2, 5};
    int[] g = {0, 0, 0, 1, 1, 2};
    double[] a = Advantages.groupNormalized(r, g, Advantages.Std.SAMPLE, 1e-4);
    assertArrayEquals(new double[] {0, 0, 0}, java.util.Arrays.copyOf(a, 3), 0, "equal rewards");
    assertEquals(0, a[5], 0, "a group of one");
    assertEquals(-1 / (Math.sqrt(2) + 1e-4), a[3], 1e-15, "sample std of {0, 2} is sqrt 2");
    assertEquals(-1 / (1 + 1e-4), Advantages.groupNormalized(r, g, Advantages.Std.POPULATION, 1e-4)[3], 1e-15);
    assertArrayEquals(new double[] {0, 0, 0, -2, 2, 0}, Advantages.leaveOneOut(r, g), 1e-15);
    assertArrayEquals(new double[] {0, 0, 0, -1, 1, 0}, Advantages.meanOnly(r, g), 1e-15);
    assertEquals(2.0 / 3, Advantages.fractionZeroStd(r, g), 1e-15);
  }

  @Test
  void badBatchesAreRefusedWithWhatIsWrong() {
    INDArray m = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 1}});
    Tensor lp = Tensor.param(Nd4j.zeros(2, 2));
    var shape = assertThrows(IllegalArgumentException.class, () -> new PolicyBatch(lp, Nd4j.zeros(2, 3), null, m,
        new double[2], new int[2]));
    assertTrue(shape.getMessage().contains("old_logp (2, 3) does not match logp (2, 2)"), shape.getMessage());
    var mask = assertThrows(IllegalArgumentException.class, () -> new PolicyBatch(lp, Nd4j.zeros(2, 2), null,
        Nd4j.createFromArray(new double[][] {{1, 0.5}, {1, 1}}), new double[2], new int[2]));
    assertTrue(mask.getMessage().contains("mask value 0.5 at flat index 1"), mask.getMessage());
    var adv = assertThrows(IllegalArgumentException.class, () -> new PolicyBatch(lp, Nd4j.zeros(2, 2), null, m,
        new double[] {0, Double.NaN}, new int[2]));
    assertTrue(adv.getMessage().contains("advantage NaN of output 1"), adv.getMessage());
    var kl = assertThrows(IllegalArgumentException.class, () -> new GrpoClip(0.2, 0.2,
        Aggregation.TOKEN_MEAN, 1, 0.1, KlEstimator.K3).loss(new PolicyBatch(lp, Nd4j.zeros(2, 2), null, m,
        new double[2], new int[2])));
    assertTrue(kl.getMessage().contains("needs the reference policy's ref_logp"), kl.getMessage());
    var reward = assertThrows(IllegalArgumentException.class,
        () -> Advantages.meanOnly(new double[] {1, Double.POSITIVE_INFINITY}, new int[] {0, 0}));
    assertTrue(reward.getMessage().contains("reward Infinity of output 1"), reward.getMessage());
  }
}
