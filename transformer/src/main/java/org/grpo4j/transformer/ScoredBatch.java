package org.grpo4j.transformer;

import java.util.Arrays;
import org.grpo4j.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Per-token log-probabilities (B, Tc) of completions, with gradients, and the mask (B, Tc) of real tokens. */
public record ScoredBatch(Tensor logProbs, INDArray mask) {
  /** Checks that the mask has the shape of the log-probabilities. */
  public ScoredBatch {
    if (!Arrays.equals(logProbs.shape(), mask.shape())) {
      throw new IllegalArgumentException("scored batch: mask " + Arrays.toString(mask.shape())
          + " does not match log-probabilities " + Arrays.toString(logProbs.shape()));
    }
  }

  /** Mean negative log-likelihood over the real (unmasked) tokens: the SFT loss. */
  public Tensor meanNll() {
    double count = mask.sumNumber().doubleValue();
    return logProbs.mul(Tensor.of(mask)).sum().mul(-1.0 / count);
  }
}
