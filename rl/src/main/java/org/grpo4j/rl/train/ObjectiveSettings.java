package org.grpo4j.rl.train;

import org.grpo4j.rl.objective.Aggregation;
import org.grpo4j.rl.objective.KlEstimator;
import org.grpo4j.rl.objective.LengthCorrection;
import org.grpo4j.rl.rollout.AdvantageEstimator;

/**
 * The objective and its parameters: clip range (epsLow, epsHigh), KL weight beta and estimator, TIC-GRPO's length
 * correction and truncated-IS reading, the loss aggregation and the advantage estimator. A null epsilon,
 * aggregation or estimator takes the objective's default, so the record always holds the effective values.
 */
public record ObjectiveSettings(ObjectiveName name, Double epsLow, Double epsHigh, double beta, KlEstimator kl,
    LengthCorrection lengthCorrection, boolean truncatedIs, Aggregation aggregation, AdvantageEstimator advantage) {
  /** Fills defaults and validates every field, naming the bad one. */
  public ObjectiveSettings {
    if (name == null) {
      throw new IllegalArgumentException("objective: a name is required; expected one of "
          + ObjectiveName.validNames());
    }
    epsLow = epsLow == null ? name.defaultEpsLow() : epsLow;
    epsHigh = epsHigh == null ? name.defaultEpsHigh() : epsHigh;
    kl = kl == null ? KlEstimator.K3 : kl;
    lengthCorrection = lengthCorrection == null ? LengthCorrection.NONE : lengthCorrection;
    aggregation = aggregation == null ? name.defaultAggregation() : aggregation;
    advantage = advantage == null ? name.defaultAdvantage() : advantage;
    if (!(epsLow > 0 && epsLow < 1)) {
      throw new IllegalArgumentException("objective: eps-low " + epsLow + " must be in (0, 1)");
    }
    if (!(epsHigh > 0) || epsHigh.isInfinite()) {
      throw new IllegalArgumentException("objective: eps-high " + epsHigh + " must be finite and > 0");
    }
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("objective: beta " + beta + " must be finite and >= 0 (0 = no KL term)");
    }
    if (!name.aggregationChoosable() && aggregation != name.defaultAggregation()) {
      throw new IllegalArgumentException("objective " + name.cliName() + ": aggregation " + aggregation
          + " cannot be chosen (its loss is built in); expected " + name.defaultAggregation());
    }
    if (name != ObjectiveName.TIC_GRPO && (lengthCorrection != LengthCorrection.NONE || truncatedIs)) {
      throw new IllegalArgumentException("objective " + name.cliName() + ": length correction " + lengthCorrection
          + " and truncated IS " + truncatedIs + " apply to tic-grpo only; expected NONE and false");
    }
  }

  /** The objective's defaults, without a KL term. */
  public static ObjectiveSettings of(ObjectiveName name) {
    return new ObjectiveSettings(name, null, null, 0, null, null, false, null, null);
  }
}
