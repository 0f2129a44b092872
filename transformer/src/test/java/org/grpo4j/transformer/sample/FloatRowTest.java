package org.grpo4j.transformer.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.grpo4j.transformer.NonFiniteException;
import org.junit.jupiter.api.Test;

/**
 * The sampler's float32 path against {@link TokenDistribution}'s double path on the same logits: normalizers within
 * float32 rounding, and inverse-CDF draws that pick the same token except where u lies within rounding of a boundary
 * of the cumulative distribution.
 */
class FloatRowTest {
  static final int VOCAB = 50_257;

  @Test
  void normalizerAndDrawsMatchTheDoublePathOnAGpt2SizedRow() {
    SplittableRandom r = new SplittableRandom(7);
    float[] x = new float[VOCAB + 5]; // the row starts at 5, as rows of a batch do
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (3 * r.nextGaussian());
    }
    double[] d = FloatRow.toDoubles(x, 5, VOCAB);
    for (double t : new double[] {1.0, 0.7}) {
      float max = FloatRow.checkedMax(x, 5, VOCAB, 0, 0);
      double sum = FloatRow.expSum(x, 5, VOCAB, max, t);
      double lse = TokenDistribution.logSumExp(d, 0, VOCAB, t);
      assertEquals(lse, max / t + Math.log(sum), 2e-6, "log-normalizer at temperature " + t);
      double[] cdf = cdf(d, t, lse);
      int differ = 0;
      for (int k = 0; k < 2000; k++) {
        double u = (k + 0.5) / 2000;
        int f = FloatRow.draw(FloatRow.exps(), VOCAB, sum, u);
        int want = TokenDistribution.drawUntruncated(d, 0, VOCAB, t, lse, u);
        if (f != want) {
          differ++;
          double boundary = cdf[Math.min(f, want)];
          assertTrue(Math.abs(u - boundary) < 1e-5, "u " + u + " drew " + f + " against " + want + ", CDF there "
              + boundary);
        }
      }
      assertTrue(differ <= 2, differ + " of 2000 draws differ at temperature " + t);
    }
  }

  @Test
  void aNonFiniteLogitIsNamedWithItsToken() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      float[] x = new float[20];
      x[3 + 7] = bad;
      NonFiniteException e = assertThrows(NonFiniteException.class, () -> FloatRow.checkedMax(x, 3, 16, 4, 2));
      assertTrue(e.getMessage().contains("sampling step 4, sequence 2: the logit of token 7"), e.getMessage());
    }
  }

  @Test
  void argmaxTakesTheLowestIdOnTies() {
    float[] x = {9f, 1f, 5f, 2f, 5f, 0f};
    assertEquals(1, FloatRow.argmax(x, 1, 5)); // the row {1, 5, 2, 5, 0}: the first 5 is token 1
  }

  /** cdf[i] = P(token <= i) under softmax(d / t), normalizer lse. */
  private static double[] cdf(double[] d, double t, double lse) {
    double[] c = new double[d.length];
    double cum = 0;
    for (int i = 0; i < d.length; i++) {
      cum += Math.exp(d[i] / t - lse);
      c[i] = cum;
    }
    return c;
  }
}
