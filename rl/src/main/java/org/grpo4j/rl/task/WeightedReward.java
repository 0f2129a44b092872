package org.grpo4j.rl.task;

import java.util.Objects;

/** A named reward function and its weight in the total reward; the name keys its metrics ({@code reward/<name>/mean}). */
public record WeightedReward(String name, double weight, RewardFunction function) {
  /** Checks the name (letters, digits, '_' and '-'), a finite weight and a function. */
  public WeightedReward {
    if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("reward name '" + name + "' must be letters, digits, '_' or '-'");
    }
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("reward " + name + ": weight " + weight + " is not finite");
    }
    Objects.requireNonNull(function, "reward function");
  }
}
