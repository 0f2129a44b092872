package org.grpo4j.rl.exact;

import java.util.SplittableRandom;

/** An estimator paired with the advantages it is fed, as the sampling experiments (E2, E5) compare them. */
public record Variant(Estimator estimator, Baseline baseline, Clip clip) {
  /** Checks the estimator is a sampled one. */
  public Variant {
    if (!estimator.sampled()) {
      throw new IllegalArgumentException("variant: " + estimator + " is not a sampled estimator");
    }
  }

  /** The unclipped estimator with the given baseline. */
  public static Variant unclipped(Estimator e, Baseline b) {
    return new Variant(e, b, Clip.none());
  }

  /** "TIC_NO_CLIP/LEAVE_ONE_OUT". */
  public String name() {
    return estimator + "/" + baseline;
  }

  /** One group's estimate: G outputs from theta_old, the estimator over them with this baseline's advantages. */
  public double[] groupEstimate(PrefixSoftmaxPolicy pi, PrefixSoftmaxPolicy old, Reward reward, int g,
      SplittableRandom rng) {
    int[][] outs = new int[g][];
    double[] r = new double[g];
    for (int i = 0; i < g; i++) {
      outs[i] = old.sample(rng);
      r[i] = reward.of(outs[i]);
    }
    return TreeEstimates.estimate(estimator, clip, pi, old, outs, baseline.advantages(r, g));
  }
}
