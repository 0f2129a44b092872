package org.grpo4j.transformer;

/** Whether loading a checkpoint scans every weight for NaN and infinity (skip it only for very large models). */
public enum WeightScan {
  /** Every floating tensor is checked; a non-finite value fails the load, naming the tensor and the element. */
  SCAN,
  /** No scan: broken weights surface later, as non-finite logits. */
  SKIP
}
