package org.grpo4j.rl.task.math;

import java.util.List;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.RewardFunction;
import org.grpo4j.rl.task.Score;
import org.grpo4j.rl.task.WeightedReward;

/** The math rewards: {@code correct} (the exact verifier) and {@code format} (a well-formed {@code #### n}). */
public final class MathRewards {
  /** The default weight of the format reward. */
  public static final double DEFAULT_FORMAT_WEIGHT = 0.1;

  private MathRewards() {}

  /**
   * 1 when the completion's answer equals the problem's reference exactly, else 0; the status is the verifier's
   * word ({@code correct}, {@code wrong}, {@code no_answer}, {@code unparseable_gold}), the detail what it extracted.
   */
  public static RewardFunction correct() {
    return (problem, completion) -> {
      MathVerdict v = MathVerifier.verify(completion, problem.reference());
      return new Score(v.reward(), v.status().word(), v.extracted());
    };
  }

  /** 1 with status {@code formatted} when the completion ends its work with {@code #### <number>}, else 0. */
  public static RewardFunction format() {
    return (problem, completion) -> MathVerifier.hasFormattedAnswer(completion)
        ? new Score(1.0, "formatted", AnswerExtractor.afterLastHashes(completion))
        : new Score(0.0, "unformatted", null);
  }

  /** {@code correct} with weight 1 and {@code format} with weight {@code formatWeight} (finite, >= 0). */
  public static List<WeightedReward> standard(double formatWeight) {
    if (!(formatWeight >= 0) || Double.isInfinite(formatWeight)) {
      throw new IllegalArgumentException("format reward weight " + formatWeight + " must be finite and >= 0");
    }
    return List.of(new WeightedReward("correct", 1.0, correct()), new WeightedReward("format", formatWeight, format()));
  }

  /** Whether {@code completion} answers {@code problem} correctly (held-out accuracy). */
  public static boolean solved(Problem problem, String completion) {
    return MathVerifier.verify(completion, problem.reference()).correct();
  }
}
