package org.grpo4j.rl.testkit;

import org.grpo4j.rl.exact.Baseline;
import org.grpo4j.rl.exact.Clip;
import org.grpo4j.rl.exact.EngineEstimates;
import org.grpo4j.rl.exact.Estimator;
import org.grpo4j.rl.exact.TreeEstimates;

/** grpo4j's own estimators as {@link GradientEstimator}s: closed forms, or engine gradients of their objectives. */
public final class Estimators {
  private Estimators() {}

  /** The closed form of {@code e} with baseline {@code b} and clip ranges {@code clip}. */
  public static GradientEstimator closedForm(Estimator e, Baseline b, Clip clip) {
    return g -> TreeEstimates.estimate(e, clip, g.theta(), g.old(), g.outputs(), b.advantages(g.rewards(), g.size()));
  }

  /** The negated engine gradient of {@code e}'s rl.objective loss with the same advantages. */
  public static GradientEstimator objective(Estimator e, Baseline b, Clip clip) {
    return g -> EngineEstimates.estimate(e, clip, g.theta(), g.old(), g.outputs(),
        b.advantages(g.rewards(), g.size()));
  }
}
