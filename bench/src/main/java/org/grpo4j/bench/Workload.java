package org.grpo4j.bench;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One benchmarkable forward + backward computation whose gradients can be compared across implementations. */
public interface Workload {
  /** Runs one forward and backward pass and returns the loss. */
  double step();

  /** Gradients of the last {@link #step()} by parameter name. */
  Map<String, INDArray> gradients();
}
