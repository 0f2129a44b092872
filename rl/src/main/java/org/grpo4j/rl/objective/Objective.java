package org.grpo4j.rl.objective;

/** A GRPO-family objective: one batch in, the loss to minimize (with gradients into the batch's logp) and metrics. */
public interface Objective {
  /** The loss and this step's metrics for {@code batch}. */
  ObjectiveLoss loss(PolicyBatch batch);
}
