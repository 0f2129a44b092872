package org.grpo4j.nn.optim;

import java.util.LinkedHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What an optimizer must save to resume exactly: its kind, step count and per-parameter buffers by name. */
public record OptimizerState(OptimizerKind kind, long step, LinkedHashMap<String, INDArray> tensors) {
  /** Validates the step and copies the map (the arrays themselves are shared). */
  public OptimizerState {
    if (kind == null) {
      throw new IllegalArgumentException("optimizer state needs a kind");
    }
    if (step < 0) {
      throw new IllegalArgumentException("optimizer step " + step + " is negative");
    }
    tensors = new LinkedHashMap<>(tensors);
  }
}
