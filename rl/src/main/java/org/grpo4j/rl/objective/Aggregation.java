package org.grpo4j.rl.objective;

import org.grpo4j.autograd.Tensor;

/** How per-token terms x (B, T) become one loss (padding masked out). */
public enum Aggregation {
  /** Original GRPO: (1/B) sum_i (1/|o_i|) sum_t x_it. */
  SEQ_MEAN_TOKEN_MEAN,
  /** DAPO: sum_i sum_t x_it / sum_i |o_i|. */
  TOKEN_MEAN,
  /** Dr. GRPO: sum_i sum_t x_it / C for a constant C (TRL: B * L_max; verl: L_max alone). */
  SEQ_MEAN_TOKEN_SUM_NORM;

  /** The aggregate of x over the batch's unmasked tokens; {@code sumNorm} is C for SEQ_MEAN_TOKEN_SUM_NORM. */
  public Tensor apply(Tensor x, PolicyBatch batch, double sumNorm) {
    Tensor masked = x.mul(batch.maskTensor());
    double[] lengths = batch.lengths();
    return switch (this) {
      case SEQ_MEAN_TOKEN_MEAN -> {
        double[] inv = new double[lengths.length];
        for (int i = 0; i < inv.length; i++) {
          inv[i] = 1.0 / Math.max(1, lengths[i]) / lengths.length;
        }
        yield masked.sum(false, 1).mul(Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(inv)
            .castTo(x.dtype()))).sum();
      }
      case TOKEN_MEAN -> masked.sum().div(Math.max(1, java.util.Arrays.stream(lengths).sum()));
      case SEQ_MEAN_TOKEN_SUM_NORM -> {
        if (!(sumNorm > 0)) {
          throw new IllegalArgumentException("aggregation " + this + ": normalizing constant " + sumNorm
              + " must be > 0");
        }
        yield masked.sum().div(sumNorm);
      }
    };
  }
}
