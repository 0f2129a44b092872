package org.grpo4j.rl.task;

import java.util.List;
import java.util.function.LongFunction;

/**
 * A task from parts: a name, a function from stream index to training problem, a held-out list and weighted rewards;
 * {@link Task#of} builds one, e.g. with a reward written as a lambda.
 */
public record SimpleTask(String name, LongFunction<Problem> train, List<Problem> heldOut,
    List<WeightedReward> rewards) implements Task {
  /** Checks the parts and copies the lists. */
  public SimpleTask {
    if (name == null || name.isBlank() || train == null) {
      throw new IllegalArgumentException("task: a name and a training-problem function are needed");
    }
    heldOut = List.copyOf(heldOut);
    rewards = List.copyOf(rewards);
    if (rewards.isEmpty()) {
      throw new IllegalArgumentException("task " + name + ": at least one reward function is needed");
    }
  }

  @Override
  public Problem trainProblem(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("task " + name + ": training index " + index + " must be >= 0");
    }
    return train.apply(index);
  }
}
