package org.grpo4j.rl.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.grpo4j.rl.objective.Aggregation;
import org.grpo4j.rl.rollout.AdvantageEstimator;

/**
 * The objectives the trainer offers, by their command-line names, with each one's default advantages, loss
 * aggregation and clip range. Objectives whose aggregation is built in (tic-grpo, gspo, reinforce, rloo) use their
 * aggregation only for the KL term.
 */
public enum ObjectiveName {
  /** GRPO's clipped token-ratio surrogate ({@code GrpoClip}). */
  GRPO("grpo", AdvantageEstimator.GROUP_NORMALIZED, Aggregation.SEQ_MEAN_TOKEN_MEAN, 0.2, 0.2, true),
  /** GRPO without importance sampling, stale REINFORCE: log-probs at the current policy, no ratio. */
  GRPO_NOIS("grpo-nois", AdvantageEstimator.GROUP_NORMALIZED, Aggregation.SEQ_MEAN_TOKEN_MEAN, 0.2, 0.2, true),
  /** GRPO without importance sampling, frozen: the gradient at the old policy, taken once and reused K times. */
  GRPO_FROZEN("grpo-frozen", AdvantageEstimator.GROUP_NORMALIZED, Aggregation.SEQ_MEAN_TOKEN_MEAN, 0.2, 0.2, true),
  /** TIC-GRPO: trajectory-level ratios, upper-only clip, length correction and truncated-IS options. */
  TIC_GRPO("tic-grpo", AdvantageEstimator.GROUP_NORMALIZED, Aggregation.SEQ_MEAN_TOKEN_MEAN, 0.2, 0.2, false),
  /** GSPO: length-normalized sequence ratios, tiny symmetric clip. */
  GSPO("gspo", AdvantageEstimator.GROUP_NORMALIZED, Aggregation.SEQ_MEAN_TOKEN_MEAN, 3e-4, 4e-4, false),
  /** Dr. GRPO: mean-only advantages, token sums over the constant (outputs x max new tokens). */
  DR_GRPO("dr-grpo", AdvantageEstimator.MEAN_ONLY, Aggregation.SEQ_MEAN_TOKEN_SUM_NORM, 0.2, 0.2, true),
  /** DAPO's loss: clip-higher (0.2, 0.28) and token mean (dynamic sampling and overlong handling are options). */
  DAPO("dapo", AdvantageEstimator.GROUP_NORMALIZED, Aggregation.TOKEN_MEAN, 0.2, 0.28, true),
  /** REINFORCE: sequence log-prob sums times the raw reward. */
  REINFORCE("reinforce", AdvantageEstimator.NONE, Aggregation.SEQ_MEAN_TOKEN_MEAN, 0.2, 0.2, false),
  /** RLOO: REINFORCE with the leave-one-out baseline. */
  RLOO("rloo", AdvantageEstimator.LEAVE_ONE_OUT, Aggregation.SEQ_MEAN_TOKEN_MEAN, 0.2, 0.2, false);

  private final String cliName;
  private final AdvantageEstimator defaultAdvantage;
  private final Aggregation defaultAggregation;
  private final double defaultEpsLow;
  private final double defaultEpsHigh;
  private final boolean aggregationChoosable;

  ObjectiveName(String cliName, AdvantageEstimator advantage, Aggregation aggregation, double epsLow,
      double epsHigh, boolean aggregationChoosable) {
    this.cliName = cliName;
    this.defaultAdvantage = advantage;
    this.defaultAggregation = aggregation;
    this.defaultEpsLow = epsLow;
    this.defaultEpsHigh = epsHigh;
    this.aggregationChoosable = aggregationChoosable;
  }

  /** The command-line (and config.json) name. */
  @JsonValue
  public String cliName() {
    return cliName;
  }

  /** The objective of a command-line name; an unknown name is an error listing the valid ones. */
  @JsonCreator
  public static ObjectiveName parse(String name) {
    for (ObjectiveName n : values()) {
      if (n.cliName.equals(name)) {
        return n;
      }
    }
    throw new IllegalArgumentException("unknown objective '" + name + "'; expected one of " + validNames());
  }

  /** The valid names, comma-separated. */
  public static String validNames() {
    return Arrays.stream(values()).map(ObjectiveName::cliName).collect(Collectors.joining(", "));
  }

  /** The advantage estimator used unless another is configured. */
  public AdvantageEstimator defaultAdvantage() {
    return defaultAdvantage;
  }

  /** The loss aggregation used unless another is configured. */
  public Aggregation defaultAggregation() {
    return defaultAggregation;
  }

  /** The lower clip epsilon used unless another is configured. */
  public double defaultEpsLow() {
    return defaultEpsLow;
  }

  /** The upper clip epsilon used unless another is configured. */
  public double defaultEpsHigh() {
    return defaultEpsHigh;
  }

  /** Whether the policy loss follows the configured aggregation (else it is built in and only the KL term does). */
  public boolean aggregationChoosable() {
    return aggregationChoosable;
  }
}
