package org.grpo4j.rl.objective;

import java.util.Map;
import org.grpo4j.autograd.Tensor;

/**
 * The ablation of GRPO without importance sampling, "stale REINFORCE" form: loss = -aggregate(A_i logp_it) at the
 * current theta on the old samples (no ratio, no clip). The "frozen" form (every inner step reuses the gradient at
 * theta_old) is this loss evaluated once at theta_old, which is a trainer's choice, not an objective's.
 */
public record GrpoNoImportanceSampling(Aggregation aggregation, double sumNorm) implements Objective {
  @Override
  public ObjectiveLoss loss(PolicyBatch b) {
    Tensor loss = aggregation.apply(b.logp().mul(b.advantageColumn()).neg(), b, sumNorm);
    return new ObjectiveLoss(loss, Map.of("policy_loss", loss.item()));
  }
}
