package org.grpo4j.autograd;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Functional gradients: d output / d inputs without touching any tensor's {@code grad}. */
public final class Autograd {
  private Autograd() {}

  /**
   * Gradients of {@code output} (a scalar when {@code seed} is null) with respect to {@code inputs}, in order;
   * null for an input the output does not depend on. Frees the graph unless {@code retainGraph}.
   */
  public static INDArray[] grad(Tensor output, List<Tensor> inputs, INDArray seed, boolean retainGraph) {
    return Backward.run(output, seed, retainGraph, inputs.toArray(new Tensor[0]));
  }

  /** Gradients of a scalar {@code output} with respect to {@code inputs}; frees the graph. */
  public static INDArray[] grad(Tensor output, Tensor... inputs) {
    return grad(output, List.of(inputs), null, false);
  }
}
