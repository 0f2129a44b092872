package org.grpo4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.grpo4j.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Named parameter tensors of a grpo4j workload: wraps a problem's arrays and reads back their gradients. */
final class Params {
  private Params() {}

  /** Each array as a gradient-tracking leaf, in the problem's order. */
  static Map<String, Tensor> wrap(Map<String, INDArray> arrays) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    arrays.forEach((k, v) -> out.put(k, Tensor.param(v)));
    return out;
  }

  /** The current gradient of each parameter, by name. */
  static Map<String, INDArray> gradients(Map<String, Tensor> params) {
    Map<String, INDArray> g = new LinkedHashMap<>();
    params.forEach((k, v) -> g.put(k, v.grad()));
    return g;
  }
}
