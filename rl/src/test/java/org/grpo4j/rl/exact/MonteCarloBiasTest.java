package org.grpo4j.rl.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Monte Carlo relative bias: its 95% interval covers the true value about 95% of the time, zero bias included. */
class MonteCarloBiasTest {
  /** Chunk means of mean + N(0, sd^2 / chunkSize) noise in each coordinate. */
  private static double[][] chunks(double[] mean, double sd, int chunks, SplittableRandom r) {
    double[][] out = new double[chunks][mean.length];
    for (int c = 0; c < chunks; c++) {
      for (int j = 0; j < mean.length; j++) {
        out[c][j] = mean[j] + sd * r.nextGaussian();
      }
    }
    return out;
  }

  private static double coverage(double trueBias, int trials) {
    double[] b = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    double[] a = b.clone();
    a[1] += trueBias; // |a - b| / |b| = trueBias
    int covered = 0;
    SplittableRandom r = new SplittableRandom(42);
    for (int t = 0; t < trials; t++) {
      MonteCarloBias.Estimate e = MonteCarloBias.of(chunks(a, 0.3, 20, r), chunks(b, 0.3, 20, r));
      covered += e.relativeBiasSq().contains(trueBias * trueBias) ? 1 : 0;
    }
    return (double) covered / trials;
  }

  @Test
  void intervalsCoverTheTrueSquaredBiasAtAboutTheirLevel() {
    // 400 trials: a 95% interval's coverage has standard error 1.1%; 0.89 is 5 standard errors below.
    for (double bias : new double[] {0, 0.1, 0.5}) {
      double cov = coverage(bias, 400);
      assertTrue(cov > 0.89 && cov <= 0.995, "coverage " + cov + " at true relative bias " + bias);
    }
  }

  @Test
  void noiseDoesNotPoseAsBias() {
    SplittableRandom r = new SplittableRandom(3);
    double[] b = {1, 2, 0, 0};
    MonteCarloBias.Estimate e = MonteCarloBias.of(chunks(b, 2.0, 50, r), chunks(b, 2.0, 50, r));
    // the naive |mean a - mean b|^2 / |mean b|^2 would be about 2 * 4 * 4 / 50 / 5 = 0.13 here
    assertEquals(0, e.relativeBiasSq().value(), 0.1, "squared relative bias of identical means: " + e);
    assertTrue(e.relativeBiasSq().contains(0), "the interval holds 0: " + e.relativeBiasSq());
  }

  @Test
  void rejectsTooFewChunks() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> MonteCarloBias.of(new double[2][3], new double[2][3]));
    assertTrue(ex.getMessage().contains("2 estimator"), ex.getMessage());
  }
}
