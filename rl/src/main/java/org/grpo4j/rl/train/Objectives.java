package org.grpo4j.rl.train;

import org.grpo4j.rl.objective.GrpoClip;
import org.grpo4j.rl.objective.GrpoNoImportanceSampling;
import org.grpo4j.rl.objective.Gspo;
import org.grpo4j.rl.objective.Objective;
import org.grpo4j.rl.objective.Reinforce;
import org.grpo4j.rl.objective.TicGrpo;

/** Builds the policy loss of the configured objective (the KL term is added by the update, uniformly). */
final class Objectives {
  private Objectives() {}

  /** The objective for one micro-batch of {@code outputs} outputs of at most {@code maxNewTokens} tokens. */
  static Objective of(ObjectiveSettings s, int outputs, int maxNewTokens) {
    double sumNorm = (double) outputs * maxNewTokens; // TRL's B * L_max for SEQ_MEAN_TOKEN_SUM_NORM
    return switch (s.name()) {
      case GRPO, DR_GRPO, DAPO -> new GrpoClip(s.epsLow(), s.epsHigh(), s.aggregation(), sumNorm, 0,
          s.kl());
      case GRPO_NOIS, GRPO_FROZEN -> new GrpoNoImportanceSampling(s.aggregation(), sumNorm);
      case TIC_GRPO -> new TicGrpo(s.epsHigh(), s.lengthCorrection(), s.truncatedIs(), 20);
      case GSPO -> new Gspo(s.epsLow(), s.epsHigh());
      case REINFORCE, RLOO -> new Reinforce();
    };
  }
}
