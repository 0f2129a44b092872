package org.grpo4j.nn.optim;

import java.util.List;

/** Updates parameters in place from their gradients; holds the learning rate and the per-parameter state. */
public interface Optimizer {

  /** One update of every parameter that has a gradient; parameters without one are left alone. */
  void step();

  /** Clears the gradients of all parameters. */
  void zeroGrad();

  /** Number of steps taken. */
  long steps();

  /** The learning rate the next step uses. */
  double learningRate();

  /** Sets the learning rate for the next steps (schedules call this before each step). */
  void setLearningRate(double lr);

  /** The parameter groups, which partition the parameters. */
  List<ParamGroup> groups();

  /** The state to checkpoint (arrays shared, not copied). */
  OptimizerState state();

  /** Every difference between {@code state} and this optimizer's (kind, names, shapes, dtypes); empty if none. */
  List<String> stateProblems(OptimizerState state);

  /** Restores a saved state in place, after checking kind, names and shapes; changes nothing on a mismatch. */
  void loadState(OptimizerState state);
}
