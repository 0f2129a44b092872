package org.grpo4j.transformer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Additive attention biases (0 = may attend, a large negative number = masked) for padded batches. */
final class AttentionBias {
  /** The bias of a masked key (every row keeps at least its own key, so softmax never sees a fully masked row). */
  static final float MASKED = -1e30f;

  private AttentionBias() {}

  /** (B, T, T): causal, and padding keys masked; null when the batch has no padding. */
  static INDArray causalWithPadding(TokenBatch tokens, DataType dtype) {
    if (tokens.padKeys() == null) {
      return null;
    }
    int b = tokens.batch();
    int t = tokens.time();
    float[] bias = new float[b * t * t];
    for (int s = 0; s < b; s++) {
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < t; j++) {
          boolean ok = j <= i && !tokens.padKeys()[s * t + j] || j == i; // a padding query sees itself
          bias[(s * t + i) * t + j] = ok ? 0f : MASKED;
        }
      }
    }
    return Nd4j.create(bias, new long[] {b, t, t}, 'c').castTo(dtype);
  }
}
