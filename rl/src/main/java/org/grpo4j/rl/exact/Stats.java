package org.grpo4j.rl.exact;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/** The statistics of the experiments: t intervals of means over seeds, standard errors and regression slopes. */
public final class Stats {
  private Stats() {}

  /** The mean of xs with its 95% Student-t interval (unbounded for a single value). */
  public static Interval mean(double[] xs) {
    requireFinite("mean", xs, 1);
    double m = Arrays.stream(xs).average().orElseThrow();
    if (xs.length == 1) {
      return new Interval(m, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    double half = new TDistribution(xs.length - 1).inverseCumulativeProbability(0.975) * standardError(xs);
    return new Interval(m, m - half, m + half);
  }

  /** The standard error of the mean of xs (sample standard deviation / sqrt(n); 0 for one value). */
  public static double standardError(double[] xs) {
    requireFinite("standard error", xs, 1);
    int n = xs.length;
    if (n == 1) {
      return 0;
    }
    double m = Arrays.stream(xs).average().orElseThrow();
    double ss = 0;
    for (double x : xs) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (n - 1) / n);
  }

  /** The least-squares slope of y on x with its 95% interval (Commons Math; at least 3 points). */
  public static Interval slope(double[] x, double[] y) {
    if (x.length != y.length || x.length < 3) {
      throw new IllegalArgumentException("slope: " + x.length + " x and " + y.length
          + " y values (expected the same number, at least 3)");
    }
    requireFinite("slope x", x, 3);
    requireFinite("slope y", y, 3);
    SimpleRegression reg = new SimpleRegression();
    for (int i = 0; i < x.length; i++) {
      reg.addData(x[i], y[i]);
    }
    double s = reg.getSlope();
    double half = reg.getSlopeConfidenceInterval(0.05);
    return Double.isNaN(half) ? Interval.exact(s) : new Interval(s, s - half, s + half);
  }

  /** The least-squares slope of log y on log x (every value > 0) with its 95% interval. */
  public static Interval logLogSlope(double[] x, double[] y) {
    return slope(logs("log-log slope x", x), logs("log-log slope y", y));
  }

  /** The least-squares point slope of log y on log x, without an interval (any number of points >= 2). */
  public static double logLogPointSlope(double[] x, double[] y) {
    SimpleRegression reg = new SimpleRegression();
    double[] lx = logs("log-log slope x", x);
    double[] ly = logs("log-log slope y", y);
    for (int i = 0; i < lx.length; i++) {
      reg.addData(lx[i], ly[i]);
    }
    return reg.getSlope();
  }

  private static double[] logs(String what, double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] > 0) || Double.isInfinite(v[i])) {
        throw new IllegalArgumentException(what + ": value " + v[i] + " at index " + i + " must be finite and > 0");
      }
      out[i] = Math.log(v[i]);
    }
    return out;
  }

  private static void requireFinite(String what, double[] v, int min) {
    if (v.length < min) {
      throw new IllegalArgumentException(what + ": " + v.length + " values, expected at least " + min);
    }
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(what + ": value " + v[i] + " at index " + i + " is not finite");
      }
    }
  }
}
