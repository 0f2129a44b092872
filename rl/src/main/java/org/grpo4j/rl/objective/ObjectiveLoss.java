package org.grpo4j.rl.objective;

import java.util.Map;
import org.grpo4j.autograd.Tensor;

/** A scalar loss to minimize (call {@code backward()} on it) and named metrics, in insertion order. */
public record ObjectiveLoss(Tensor loss, Map<String, Double> metrics) {
  /** Copies the metrics. */
  public ObjectiveLoss {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }
}
