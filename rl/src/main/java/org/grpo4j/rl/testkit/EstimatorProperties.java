package org.grpo4j.rl.testkit;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.grpo4j.rl.exact.Interval;
import org.grpo4j.rl.exact.PrefixSoftmaxPolicy;
import org.grpo4j.rl.exact.Stats;

/**
 * Properties a gradient estimator can be held to on an enumerable {@link Problem}; each throws an AssertionError
 * naming what failed (so it works inside JUnit 5 and QuickTheories' checkAssert). Exact expectations enumerate every
 * group of G outputs (at most {@link #MAX_TUPLES}); sampled checks take explicit seeds.
 */
public final class EstimatorProperties {
  /** Largest number of output tuples (outputs^G) an exact expectation enumerates. */
  public static final long MAX_TUPLES = 200_000;
  /** The share of |grad J| below which a coordinate's Monte Carlo error is never a rejection in assertUnbiased. */
  public static final double UNBIASED_FLOOR = 1e-3;

  private EstimatorProperties() {}

  /**
   * The Monte Carlo mean of {@code groups} group estimates at theta_old + delta u lies within {@code k} standard
   * errors of grad J(theta), plus {@link #UNBIASED_FLOOR} times |grad J|, in every coordinate. False-rejection rate
   * per problem about d * 2 Phi(-k) for d coordinates (k = 5, d <= 45: below 3e-5) by the central limit theorem,
   * which needs estimates whose tails are light at this many groups. The floor covers where they are not: a
   * coordinate carried by outputs that {@code groups} draws seldom meet has a sample standard error that understates
   * its error (an unbiased TIC estimate once stood 5.2 standard errors from a coordinate of 1e-4), and importance
   * ratios far from theta_old are heavy-tailed, so keep delta moderate or raise {@code groups}.
   */
  public static void assertUnbiased(GradientEstimator est, Problem p, double delta, int groupSize, int groups,
      double k, long seed) {
    bound("groups", groups, 100, 1_000_000);
    PrefixSoftmaxPolicy theta = p.at(delta);
    double[] truth = p.gradient(delta);
    double[] sum = new double[truth.length];
    double[] sq = new double[truth.length];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int m = 0; m < groups; m++) {
      double[] g = checked(est.estimate(sample(p, theta, groupSize, rng)), truth.length);
      for (int j = 0; j < g.length; j++) {
        sum[j] += g[j];
        sq[j] += g[j] * g[j];
      }
    }
    double floor = UNBIASED_FLOOR * norm(truth);
    for (int j = 0; j < truth.length; j++) {
      double mean = sum[j] / groups;
      double se = Math.sqrt(Math.max(0, sq[j] / groups - mean * mean) / (groups - 1));
      double err = Math.abs(mean - truth[j]);
      if (err > k * se + floor && err > 1e-9 * (1 + Math.abs(truth[j]))) {
        throw new AssertionError(String.format(Locale.ROOT, "not unbiased for grad J at delta %.3g: coordinate %d "
            + "has mean %.6g, grad J %.6g, standard error %.3g (%.1f standard errors, allowed %.1f plus %.3g)", delta,
            j, mean, truth[j], se, se > 0 ? err / se : Double.POSITIVE_INFINITY, k, floor));
      }
    }
  }

  /**
   * The exact bias |E g - grad J(theta)| grows linearly in delta: its log-log slope over delta in {1e-3, ..., 8e-3}
   * (least squares, 95% interval) meets [1 - tol, 1 + tol], and the bias is above machine precision.
   */
  public static void assertBiasLinearInStaleness(GradientEstimator est, Problem p, int groupSize, double tol) {
    double[] ds = {1e-3, 2e-3, 4e-3, 8e-3};
    double[] bias = new double[ds.length];
    for (int i = 0; i < ds.length; i++) {
      double[] truth = p.gradient(ds[i]);
      bias[i] = distance(exactExpectation(est, p, ds[i], groupSize), truth);
      if (!(bias[i] > 1e-10 * (1 + norm(truth)))) {
        throw new AssertionError(String.format(Locale.ROOT, "bias %.3g at delta %.3g is at machine precision: it "
            + "does not grow linearly with staleness", bias[i], ds[i]));
      }
    }
    Interval s = Stats.logLogSlope(ds, bias);
    if (s.high() < 1 - tol || s.low() > 1 + tol) {
      throw new AssertionError("bias against staleness has log-log slope " + s + ", expected 1 +- " + tol);
    }
  }

  /** On {@code samples} random groups at theta_old + delta u the estimator equals its closed form to rel. tol. */
  public static void assertEqualsClosedForm(GradientEstimator est, GradientEstimator closedForm, Problem p,
      double delta, int groupSize, int samples, double tol, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    PrefixSoftmaxPolicy theta = p.at(delta);
    for (int s = 0; s < samples; s++) {
      Group g = sample(p, theta, groupSize, rng);
      double[] want = closedForm.estimate(g);
      double[] got = checked(est.estimate(g), want.length);
      double d = distance(got, want);
      if (d > tol * (1 + norm(want))) {
        throw new AssertionError(String.format(Locale.ROOT, "differs from its closed form on sample %d: |est - "
            + "closed form| = %.3g for |closed form| = %.3g (tolerance %.1g)", s, d, norm(want), tol));
      }
    }
  }

  /** Adding {@code shift} to every reward of a group leaves the estimate unchanged (to rel. 1e-9). */
  public static void assertShiftInvariant(GradientEstimator est, Problem p, double delta, int groupSize,
      double shift, int samples, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    PrefixSoftmaxPolicy theta = p.at(delta);
    for (int s = 0; s < samples; s++) {
      Group g = sample(p, theta, groupSize, rng);
      double[] shifted = g.rewards().clone();
      for (int i = 0; i < shifted.length; i++) {
        shifted[i] += shift;
      }
      double[] a = est.estimate(g);
      double[] b = checked(est.estimate(new Group(g.theta(), g.old(), g.outputs(), shifted)), a.length);
      double d = distance(a, b);
      if (d > 1e-9 * (1 + norm(a))) {
        throw new AssertionError(String.format(Locale.ROOT, "not invariant to a reward shift of %.3g on sample %d: "
            + "the estimate moved by %.3g (its norm %.3g)", shift, s, d, norm(a)));
      }
    }
  }

  /** E over groups of G outputs sampled at theta_old of the estimate at theta_old + delta u, by enumeration. */
  public static double[] exactExpectation(GradientEstimator est, Problem p, double delta, int groupSize) {
    List<int[]> outs = p.tree().outputs();
    long tuples = (long) Math.pow(outs.size(), groupSize);
    if (groupSize < 1 || tuples > MAX_TUPLES) {
      throw new IllegalArgumentException("exact expectation: " + outs.size() + " outputs ^ group size " + groupSize
          + " = " + tuples + " groups, expected at most " + MAX_TUPLES);
    }
    PrefixSoftmaxPolicy theta = p.at(delta);
    double[] prob = outs.stream().mapToDouble(o -> Math.exp(p.old().logProbability(o))).toArray();
    double[] reward = outs.stream().mapToDouble(o -> p.reward().of(o)).toArray();
    double[] mean = new double[theta.parameters().length];
    int[] idx = new int[groupSize];
    for (long t = 0; t < tuples; t++) {
      long rest = t;
      double w = 1;
      int[][] group = new int[groupSize][];
      double[] r = new double[groupSize];
      for (int i = 0; i < groupSize; i++) {
        idx[i] = (int) (rest % outs.size());
        rest /= outs.size();
        w *= prob[idx[i]];
        group[i] = outs.get(idx[i]);
        r[i] = reward[idx[i]];
      }
      double[] g = checked(est.estimate(new Group(theta, p.old(), group, r)), mean.length);
      for (int j = 0; j < mean.length; j++) {
        mean[j] += w * g[j];
      }
    }
    return mean;
  }

  /** G outputs sampled from theta_old, with their rewards, seen at theta. */
  public static Group sample(Problem p, PrefixSoftmaxPolicy theta, int groupSize, SplittableRandom rng) {
    bound("group size", groupSize, 1, 1024);
    int[][] outs = new int[groupSize][];
    double[] r = new double[groupSize];
    for (int i = 0; i < groupSize; i++) {
      outs[i] = p.old().sample(rng);
      r[i] = p.reward().of(outs[i]);
    }
    return new Group(theta, p.old(), outs, r);
  }

  private static double[] checked(double[] g, int n) {
    if (g == null || g.length != n) {
      throw new AssertionError("the estimator returned " + (g == null ? "null" : g.length + " values") + ", expected "
          + n + " (one per parameter)");
    }
    return g;
  }

  private static void bound(String what, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(what + " " + v + " must be in [" + min + ", " + max + "]");
    }
  }

  private static double norm(double[] a) {
    return Math.sqrt(java.util.Arrays.stream(a).map(x -> x * x).sum());
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
