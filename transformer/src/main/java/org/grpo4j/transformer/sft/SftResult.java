package org.grpo4j.transformer.sft;

/** The loss (mean NLL over completion tokens) of every step, and the gradient norm before clipping. */
public record SftResult(double[] losses, double[] gradNorms) {
  /** The loss of the last step. */
  public double finalLoss() {
    return losses[losses.length - 1];
  }
}
