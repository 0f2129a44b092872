package org.grpo4j.rl.exact;

import static org.grpo4j.rl.exact.ExperimentFiles.distance;
import static org.grpo4j.rl.exact.ExperimentFiles.norm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * E1 along real inner-step iterates: from theta_old, K steps of SGD or Adam along the sampled GRPO gradient (one
 * fixed batch of B groups of G outputs drawn at theta_old, clip 0.2, as a trainer's inner loop) and, at each iterate
 * theta_k, every estimator's exact relative bias |E g - grad J(theta_k)| / |grad J(theta_k)| against the distance
 * |theta_k - theta_old|. Step sizes: eta = target / |first step at eta 1|, so the first step has length 1e-4, 1e-3,
 * 1e-2 or 1e-1 whatever the rule and the gradient's scale; each target is a fresh run from theta_old.
 */
public final class IterateBias {
  /** Lengths of the first step, one run each. */
  public static final double[] FIRST_STEPS = {1e-4, 1e-3, 1e-2, 1e-1};
  /** Inner steps K of each run. */
  public static final int INNER_STEPS = 8;
  /** Groups B of the batch driving the steps. */
  public static final int GROUPS = 4;
  /** Group size G. */
  public static final int GROUP_SIZE = 8;
  /** Fits stop at this distance, as E1's straight-line fits stop at delta 0.1 (and at 0.01 for the small fit). */
  public static final double FIT_MAX_DISTANCE = 0.1;

  /** One iterate: rule, estimator, seed, first-step target index, step k (1..K), distance and relative bias. */
  public record Point(int maxTokens, StepRule rule, Estimator estimator, int seed, int target, int step,
      double distance, double relativeBias) {}

  /** Every point; per "T/rule/estimator" (not TIC) the slope over distance <= 0.1 and <= 0.01; TIC's largest bias. */
  public record Result(List<Point> points, Map<String, Interval> slopes, Map<String, Interval> smallSlopes,
      double ticMaxRelativeBias) {
    /** The slope interval over distance <= 0.1 (absent for TIC). */
    public Interval slope(int maxTokens, StepRule rule, Estimator e) {
      return slopes.get(key(maxTokens, rule, e));
    }

    /** The slope interval over distance <= 0.01. */
    public Interval smallSlope(int maxTokens, StepRule rule, Estimator e) {
      return smallSlopes.get(key(maxTokens, rule, e));
    }
  }

  private IterateBias() {}

  static String key(int maxTokens, StepRule rule, Estimator e) {
    return maxTokens + "/" + rule + "/" + e;
  }

  /**
   * Every iterate of both step rules for the same theta_old per seed as {@link BiasExperiment#run} (its seeds), the
   * batch drawn from seed + 1000 s + 2.
   */
  public static Result run(PolicyContext context, int[] maxTokens, int seeds, long seed) {
    ExperimentFiles.bounded("seeds", seeds, 1, 1000);
    Reward reward = Reward.exactlyAs(2, 3);
    List<Point> points = new ArrayList<>();
    for (int t : maxTokens) {
      TokenTree tree = new TokenTree(t);
      for (int s = 0; s < seeds; s++) {
        PrefixSoftmaxPolicy old = BiasExperiment.oldPolicy(tree, context, seed, s);
        Batch batch = Batch.draw(old, reward, new SplittableRandom(seed + 1000L * s + 2));
        for (StepRule rule : StepRule.values()) {
          for (int j = 0; j < FIRST_STEPS.length; j++) {
            for (Iterate it : iterates(rule, FIRST_STEPS[j], old, batch)) {
              double[] grad = ExactGradients.gradient(it.policy(), reward);
              double d = distance(it.policy().parameters(), old.parameters());
              for (Estimator e : BiasExperiment.ESTIMATORS) {
                double[] mean = TreeEstimates.expectation(e, it.policy(), old, reward);
                points.add(new Point(t, rule, e, s, j, it.step(), d, distance(mean, grad) / norm(grad)));
              }
            }
          }
        }
      }
    }
    Map<String, Interval> slopes = new LinkedHashMap<>();
    Map<String, Interval> small = new LinkedHashMap<>();
    double ticMax = points.stream().filter(p -> p.estimator() == Estimator.TIC).mapToDouble(Point::relativeBias)
        .max().orElse(0);
    for (int t : maxTokens) {
      for (StepRule rule : StepRule.values()) {
        for (Estimator e : BiasExperiment.ESTIMATORS) {
          if (e != Estimator.TIC) {
            slopes.put(key(t, rule, e), slope(points, t, rule, e, seeds, FIT_MAX_DISTANCE));
            small.put(key(t, rule, e), slope(points, t, rule, e, seeds, FIT_MAX_DISTANCE / 10));
          }
        }
      }
    }
    return new Result(points, slopes, small, ticMax);
  }

  /** One iterate theta_k of a run (k from 1). */
  record Iterate(int step, PrefixSoftmaxPolicy policy) {}

  /**
   * The K iterates of {@code rule} from {@code old} along the batch's GRPO gradient at each iterate, with eta set so
   * the first step has length {@code firstStep}.
   */
  static List<Iterate> iterates(StepRule rule, double firstStep, PrefixSoftmaxPolicy old, Batch batch) {
    double[] g0 = batch.grpoGradient(old, old);
    double unitStep = norm(rule.stepper(g0.length, 1).step(g0));
    if (!(unitStep > 0)) {
      throw new IllegalArgumentException("iterate bias: the GRPO gradient at theta_old is zero, no step to take");
    }
    StepRule.Stepper stepper = rule.stepper(g0.length, firstStep / unitStep);
    List<Iterate> out = new ArrayList<>();
    PrefixSoftmaxPolicy theta = old;
    for (int k = 1; k <= INNER_STEPS; k++) {
      theta = theta.plus(1, stepper.step(k == 1 ? g0 : batch.grpoGradient(theta, old)));
      out.add(new Iterate(k, theta));
    }
    return out;
  }

  /** The fixed batch of a run: outputs drawn at theta_old and their GRPO advantages (leave-one-out). */
  record Batch(int[][] outputs, double[] advantages) {
    /** Draws B groups of G outputs from {@code old}, redrawing (at most 100 times) while every advantage is 0. */
    static Batch draw(PrefixSoftmaxPolicy old, Reward reward, SplittableRandom rng) {
      int n = GROUPS * GROUP_SIZE;
      for (int attempt = 0; attempt < 100; attempt++) {
        int[][] outs = new int[n][];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
          outs[i] = old.sample(rng);
          r[i] = reward.of(outs[i]);
        }
        double[] adv = Estimator.GRPO.baseline().advantages(r, GROUP_SIZE);
        if (java.util.Arrays.stream(adv).anyMatch(a -> a != 0)) {
          return new Batch(outs, adv);
        }
      }
      throw new IllegalArgumentException("iterate bias: 100 batches of " + n + " outputs all had equal rewards in "
          + "every group (J(theta_old) too close to 0 or 1 for this reward)");
    }

    /** GRPO's sampled ascent direction at theta (rl.objective's clipped loss, negated). */
    double[] grpoGradient(PrefixSoftmaxPolicy theta, PrefixSoftmaxPolicy old) {
      return TreeEstimates.estimate(Estimator.GRPO, Clip.of(0.2), theta, old, outputs, advantages);
    }
  }

  /** Per seed the log-log slope over distance <= maxDistance; their mean with a t interval (one seed: regression). */
  static Interval slope(List<Point> points, int maxTokens, StepRule rule, Estimator e, int seeds,
      double maxDistance) {
    double[] perSeed = new double[seeds];
    for (int s = 0; s < seeds; s++) {
      int seed = s;
      List<Point> ps = points.stream().filter(p -> p.maxTokens() == maxTokens && p.rule() == rule
          && p.estimator() == e && p.seed() == seed && p.distance() <= maxDistance).toList();
      if (ps.size() < 3) {
        throw new IllegalArgumentException("iterate bias: only " + ps.size() + " iterates within distance "
            + maxDistance + " for " + e + " (" + rule + ", T_max " + maxTokens + ", seed " + s + "), expected >= 3");
      }
      double[] x = ps.stream().mapToDouble(Point::distance).toArray();
      double[] y = ps.stream().mapToDouble(Point::relativeBias).toArray();
      if (seeds == 1) {
        return Stats.logLogSlope(x, y);
      }
      perSeed[s] = Stats.logLogPointSlope(x, y);
    }
    return Stats.mean(perSeed);
  }
}
