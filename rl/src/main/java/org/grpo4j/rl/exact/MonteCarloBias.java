package org.grpo4j.rl.exact;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The relative bias |E a - E b| / |E b| of an estimator a against an unbiased reference b from C independent pairs
 * of chunk means (a_c, b_c), without enumeration: |E D|^2 (D = a - b) and |E b|^2 are estimated without bias as
 * (|sum x_c|^2 - sum |x_c|^2) / (C (C - 1)) (so Monte Carlo noise does not masquerade as bias), their ratio gets a
 * delete-one-chunk jackknife standard error and a 95% t interval on C - 1 degrees of freedom.
 */
public final class MonteCarloBias {
  private MonteCarloBias() {}

  /** The squared relative bias with its jackknife standard error and 95% interval (may reach below 0). */
  public record Estimate(Interval relativeBiasSq, double standardError, int chunks) {
    /** The relative bias sqrt(max(0, .)) of the value and of both bounds. */
    public Interval relativeBias() {
      return new Interval(Math.sqrt(Math.max(0, relativeBiasSq.value())), Math.sqrt(Math.max(0,
          relativeBiasSq.low())), Math.sqrt(Math.max(0, relativeBiasSq.high())));
    }
  }

  /** From chunk means a[c] of the estimator and b[c] of the reference (at least 3 chunks, equal dimensions). */
  public static Estimate of(double[][] a, double[][] b) {
    int chunks = a.length;
    if (chunks < 3 || b.length != chunks) {
      throw new IllegalArgumentException("Monte Carlo bias: " + chunks + " estimator and " + b.length
          + " reference chunks (expected the same number, at least 3)");
    }
    int dim = a[0].length;
    double[] sumD = new double[dim];
    double[] sumB = new double[dim];
    double[] sqD = new double[chunks];
    double[] sqB = new double[chunks];
    for (int c = 0; c < chunks; c++) {
      if (a[c].length != dim || b[c].length != dim) {
        throw new IllegalArgumentException("Monte Carlo bias: chunk " + c + " has " + a[c].length + " and "
            + b[c].length + " values, expected " + dim);
      }
      for (int j = 0; j < dim; j++) {
        double d = a[c][j] - b[c][j];
        sumD[j] += d;
        sumB[j] += b[c][j];
        sqD[c] += d * d;
        sqB[c] += b[c][j] * b[c][j];
      }
    }
    double totalSqD = java.util.Arrays.stream(sqD).sum();
    double totalSqB = java.util.Arrays.stream(sqB).sum();
    double full = ratio(sumD, sumB, totalSqD, totalSqB, chunks);
    double[] leaveOut = new double[chunks];
    double mean = 0;
    for (int c = 0; c < chunks; c++) {
      double[] dMinus = new double[dim];
      double[] bMinus = new double[dim];
      for (int j = 0; j < dim; j++) {
        dMinus[j] = sumD[j] - (a[c][j] - b[c][j]);
        bMinus[j] = sumB[j] - b[c][j];
      }
      leaveOut[c] = ratio(dMinus, bMinus, totalSqD - sqD[c], totalSqB - sqB[c], chunks - 1);
      mean += leaveOut[c] / chunks;
    }
    double ss = 0;
    for (double x : leaveOut) {
      ss += (x - mean) * (x - mean);
    }
    double se = Math.sqrt((chunks - 1.0) / chunks * ss);
    double half = new TDistribution(chunks - 1).inverseCumulativeProbability(0.975) * se;
    return new Estimate(new Interval(full, full - half, full + half), se, chunks);
  }

  /** Unbiased |E D|^2 over unbiased |E b|^2 from sums over {@code n} chunks. */
  private static double ratio(double[] sumD, double[] sumB, double sqD, double sqB, int n) {
    double num = (dot(sumD, sumD) - sqD) / ((double) n * (n - 1));
    double den = (dot(sumB, sumB) - sqB) / ((double) n * (n - 1));
    if (!(den > 0)) {
      throw new IllegalArgumentException("Monte Carlo bias: the reference's squared norm estimate " + den
          + " is not positive; use more samples per chunk");
    }
    return num / den;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
