package org.grpo4j.rl.objective;

import java.util.Arrays;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a GRPO-family objective needs from one batch of B sampled outputs padded to T tokens: the current policy's
 * per-token log-probabilities {@code logp} (B, T) (the tensor gradients flow into), the old policy's
 * {@code oldLogp} and optionally a reference policy's {@code refLogp} (constants), the 0/1 token {@code mask}, one
 * advantage per output and each output's group (prompt) index. Log-probabilities are best held in float64, as the
 * spec asks.
 */
public record PolicyBatch(Tensor logp, INDArray oldLogp, INDArray refLogp, INDArray mask, double[] advantages,
    int[] groups) {
  /** Checks shapes and values: every array (B, T) like logp, the mask 0/1, one finite advantage and group each. */
  public PolicyBatch {
    long[] shape = logp.shape();
    if (shape.length != 2) {
      throw new IllegalArgumentException("policy batch: logp " + Nd.shape(shape) + " is not (B, T)");
    }
    requireShape("old_logp", oldLogp, shape);
    requireShape("mask", mask, shape);
    if (refLogp != null) {
      requireShape("ref_logp", refLogp, shape);
    }
    if (advantages.length != shape[0]) {
      throw new IllegalArgumentException("policy batch: " + advantages.length + " advantages for " + shape[0]
          + " outputs");
    }
    double[] m = Nd.toDoubles(mask);
    for (int i = 0; i < m.length; i++) {
      if (m[i] != 0 && m[i] != 1) {
        throw new IllegalArgumentException("policy batch: mask value " + m[i] + " at flat index " + i
            + " is not 0 or 1");
      }
    }
    for (int i = 0; i < advantages.length; i++) {
      if (!Double.isFinite(advantages[i])) {
        throw new IllegalArgumentException("policy batch: advantage " + advantages[i] + " of output " + i
            + " is not finite");
      }
    }
    if (groups.length != shape[0]) {
      throw new IllegalArgumentException("policy batch: " + groups.length + " group indices for " + shape[0]
          + " outputs");
    }
    advantages = advantages.clone();
    groups = groups.clone();
  }

  private static void requireShape(String name, INDArray x, long[] shape) {
    if (!Arrays.equals(x.shape(), shape)) {
      throw new IllegalArgumentException("policy batch: " + name + " " + Nd.shape(x) + " does not match logp "
          + Nd.shape(shape));
    }
  }

  /** Number of outputs B. */
  public int size() {
    return (int) logp.shape()[0];
  }

  /** Padded length T. */
  public int paddedLength() {
    return (int) logp.shape()[1];
  }

  /** Tokens of each output (the mask's row sums). */
  public double[] lengths() {
    return Nd.toDoubles(mask.castTo(DataType.DOUBLE).sum(1));
  }

  /** The mask as a constant tensor of logp's dtype. */
  Tensor maskTensor() {
    return Tensor.of(mask.castTo(logp.dtype()));
  }

  /** The advantages as a constant (B, 1) column of logp's dtype, broadcast over tokens. */
  Tensor advantageColumn() {
    return Tensor.of(Nd4j.createFromArray(advantages).reshape(size(), 1).castTo(logp.dtype()));
  }

  /** log pi_theta - log pi_old per token (B, T), zero on padding. */
  Tensor logRatio() {
    return logp.sub(Tensor.of(oldLogp.castTo(logp.dtype()))).mul(maskTensor());
  }
}
