package org.grpo4j.rl.objective;

import java.util.Map;
import org.grpo4j.autograd.Tensor;

/**
 * REINFORCE with a baseline, the sequence-level reference: loss = -(1/B) sum_i A_i sum_t logp_it, no ratio and no
 * clip. With A_i = r_i - b for a constant b it is plain REINFORCE; with {@link Advantages#leaveOneOut} it is RLOO.
 */
public record Reinforce() implements Objective {
  @Override
  public ObjectiveLoss loss(PolicyBatch b) {
    Tensor loss = Aggregation.SEQ_MEAN_TOKEN_SUM_NORM.apply(b.logp().mul(b.advantageColumn()), b, b.size()).neg();
    return new ObjectiveLoss(loss, Map.of("policy_loss", loss.item()));
  }
}
