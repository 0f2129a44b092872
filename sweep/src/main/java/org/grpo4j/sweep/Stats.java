package org.grpo4j.sweep;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/** Means with Student-t 95% intervals and paired t-tests over seeds (Commons Math). */
public final class Stats {
  private Stats() {}

  /** A mean with its 95% interval over {@code n} values (NaN bounds when n < 2), and a two-sided p-value. */
  public record Estimate(double mean, double low, double high, int n, double p) {
    /** True when the interval excludes zero. */
    public boolean excludesZero() {
      return low > 0 || high < 0;
    }
  }

  /** The mean of {@code xs} with a 95% t-interval; p tests mean = 0 (NaN when it cannot be computed). */
  public static Estimate mean(double[] xs) {
    SummaryStatistics s = new SummaryStatistics();
    for (double x : xs) {
      s.addValue(x);
    }
    int n = (int) s.getN();
    if (n == 0) {
      return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN);
    }
    if (n < 2) {
      return new Estimate(s.getMean(), Double.NaN, Double.NaN, n, Double.NaN);
    }
    TDistribution t = new TDistribution(n - 1);
    double se = s.getStandardDeviation() / Math.sqrt(n);
    double half = t.inverseCumulativeProbability(0.975) * se;
    double p;
    if (se <= 1e-12 * Math.max(1, Math.abs(s.getMean()))) { // every value equal up to rounding: no spread
      p = Math.abs(s.getMean()) <= 1e-12 ? 1.0 : 0.0;
    } else {
      p = 2 * t.cumulativeProbability(-Math.abs(s.getMean() / se));
    }
    return new Estimate(s.getMean(), s.getMean() - half, s.getMean() + half, n, p);
  }

  /** The paired difference {@code a - b} (same index = same seed) with its interval and paired t-test p-value. */
  public static Estimate paired(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired samples have " + a.length + " and " + b.length
          + " values; expected equal counts");
    }
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
    }
    return mean(d);
  }

  /** Holm's step-down adjustment of {@code p} (NaN entries stay NaN and do not count). */
  public static double[] holm(double[] p) {
    Integer[] order = new Integer[p.length];
    int m = 0;
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
      if (!Double.isNaN(p[i])) {
        m++;
      }
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(nanLast(p[x]), nanLast(p[y])));
    double[] adj = new double[p.length];
    double running = 0;
    for (int r = 0; r < p.length; r++) {
      int i = order[r];
      if (Double.isNaN(p[i])) {
        adj[i] = Double.NaN;
        continue;
      }
      running = Math.max(running, Math.min(1, (m - r) * p[i]));
      adj[i] = running;
    }
    return adj;
  }

  private static double nanLast(double x) {
    return Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
  }
}
