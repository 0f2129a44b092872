package org.grpo4j.rl.task;

/** Scores one completion of one problem; may be a lambda. Implementations must be safe to call from any thread. */
@FunctionalInterface
public interface RewardFunction {
  /** The score of {@code completion} (the generated text, without the prompt) for {@code problem}. */
  Score score(Problem problem, String completion);
}
