package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ProbabilityRow} against softmax and the inverse CDF computed in double from the same float32 logits: every
 * log-probability within float32 rounding (5e-6: x / t rounds to float at |x / t| near 60 here), and draws that pick
 * the double path's token except where u lies within rounding (2e-6) of a boundary of the cumulative distribution.
 */
class ProbabilityRowTest {
  static final int VOCAB = 50_257;

  @Test
  void drawsAndLogProbabilitiesMatchDoubleOnAGpt2SizedRow() {
    int offset = 3 * VOCAB + 5; // a row inside a batch, not at the buffer's start
    INDArray logits = Nd4j.create(DataType.FLOAT, offset + VOCAB + 7);
    assumeTrue(ProbabilityRow.usable(logits, VOCAB), "oneDNN's softmax is not jitted here");
    SplittableRandom r = new SplittableRandom(11);
    double[] x = new double[VOCAB];
    for (int i = 0; i < VOCAB; i++) {
      x[i] = (float) (3 * r.nextGaussian() - 40); // GPT-2's logits sit far below zero
      logits.putScalar(offset + i, x[i]);
    }
    for (double t : new double[] {1.0, 0.7, 1.6}) {
      double[] logp = logSoftmax(x, t);
      double[] cdf = new double[VOCAB];
      double cum = 0;
      for (int i = 0; i < VOCAB; i++) {
        cum += Math.exp(logp[i]);
        cdf[i] = cum;
      }
      int differ = 0;
      for (int k = 0; k < 3000; k++) {
        double u = (k + 0.5) / 3000;
        ProbabilityRow.Drawn d = ProbabilityRow.sample(logits, offset, VOCAB, t, u);
        int want = 0;
        while (want < VOCAB - 1 && !(u < cdf[want])) {
          want++;
        }
        if (d.token() != want) {
          differ++;
          double boundary = cdf[Math.min(d.token(), want)];
          assertTrue(Math.abs(u - boundary) < 2e-6, "t " + t + ", u " + u + " drew " + d.token() + " against " + want
              + ", CDF there " + boundary);
        }
        assertEquals(logp[d.token()], d.logProbability(), 5e-6, "log-probability of token " + d.token() + " at t " + t);
        assertEquals(logp[d.token()], ProbabilityRow.logProbability(logits, offset, VOCAB, t, d.token()), 5e-6);
      }
      assertTrue(differ <= 30, differ + " of 3000 draws differ at temperature " + t); // each within rounding
    }
  }

  @Test
  void drawsFollowTheCdfAcrossBlockBoundaries() {
    int v = 3 * ProbabilityRow.BLOCK + 17; // a short last block
    INDArray logits = Nd4j.create(DataType.FLOAT, v);
    assumeTrue(ProbabilityRow.usable(logits, v), "oneDNN's softmax is not jitted here");
    double[] x = new double[v];
    int[] heavy = {0, ProbabilityRow.BLOCK - 1, ProbabilityRow.BLOCK, 2 * ProbabilityRow.BLOCK + 3, v - 1};
    for (int i = 0; i < v; i++) {
      x[i] = -30;
    }
    for (int h : heavy) {
      x[h] = 0;
    }
    for (int i = 0; i < v; i++) {
      logits.putScalar(i, x[i]);
    }
    // The heavy tokens hold nearly all mass, one fifth each: u in the middle of each fifth draws that token.
    for (int j = 0; j < heavy.length; j++) {
      double u = (j + 0.5) / heavy.length;
      assertEquals(heavy[j], ProbabilityRow.sample(logits, 0, v, 1.0, u).token(), "u " + u);
    }
    assertEquals(v - 1, ProbabilityRow.sample(logits, 0, v, 1.0, Math.nextDown(1.0)).token(), "u just below 1");
    assertEquals(0, ProbabilityRow.sample(logits, 0, v, 1.0, 0.0).token(), "u = 0");
  }

  @Test
  void aNonFiniteLogitFailsTheCheckAndFiniteRowsPass() {
    INDArray logits = Nd4j.rand(DataType.FLOAT, 2000).subi(0.5).muli(100);
    assumeTrue(ProbabilityRow.usable(logits, 1000), "oneDNN's softmax is not jitted here");
    assertTrue(ProbabilityRow.maybeFinite(logits, 0, 1000));
    assertTrue(ProbabilityRow.maybeFinite(logits, 1000, 1000));
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      INDArray x = logits.dup();
      x.putScalar(1500, bad);
      assertTrue(ProbabilityRow.maybeFinite(x, 0, 1000), "the first row is untouched");
      assertFalse(ProbabilityRow.maybeFinite(x, 1000, 1000), "logit " + bad);
    }
  }

  static double[] logSoftmax(double[] x, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (double a : x) {
      max = Math.max(max, a / t);
    }
    double s = 0;
    for (double a : x) {
      s += Math.exp(a / t - max);
    }
    double lse = max + Math.log(s);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] / t - lse;
    }
    return out;
  }
}
