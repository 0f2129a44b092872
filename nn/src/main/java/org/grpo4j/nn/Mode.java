package org.grpo4j.nn;

/** Whether modules run as in training (dropout active) or in evaluation (dropout off). */
public enum Mode {
  /** Training: dropout drops. */
  TRAIN,
  /** Evaluation: dropout is the identity. */
  EVAL
}
