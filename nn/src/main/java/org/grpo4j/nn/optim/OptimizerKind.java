package org.grpo4j.nn.optim;

/** The optimizers grpo4j implements (saved in checkpoints so a state is never loaded into the wrong one). */
public enum OptimizerKind {
  /** Stochastic gradient descent with momentum. */
  SGD,
  /** Adam with decoupled weight decay. */
  ADAMW
}
