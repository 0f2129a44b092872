package org.grpo4j.rl.objective;

import java.util.Map;
import org.grpo4j.autograd.Tensor;

/** The KL term alone: aggregate(estimator(logp, ref_logp)), to add to another loss or to regularize by itself. */
public record KlPenalty(KlEstimator estimator, Aggregation aggregation, double sumNorm) implements Objective {
  @Override
  public ObjectiveLoss loss(PolicyBatch b) {
    if (b.refLogp() == null) {
      throw new IllegalArgumentException("kl penalty: the batch has no reference policy ref_logp");
    }
    Tensor kl = aggregation.apply(estimator.perToken(b.logp(), Tensor.of(b.refLogp().castTo(b.logp().dtype()))), b,
        sumNorm);
    return new ObjectiveLoss(kl, Map.of("kl", kl.item()));
  }
}
