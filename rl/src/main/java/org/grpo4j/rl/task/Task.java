package org.grpo4j.rl.task;

import java.util.List;
import java.util.Optional;
import org.grpo4j.tokenizer.Tokenizer;

/**
 * A task for RL fine-tuning: a deterministic training stream of problems (problem {@code i} depends only on the
 * task's seed and {@code i}, so a run's data position is one number), a fixed held-out set, and weighted reward
 * functions. {@link #solved} decides held-out accuracy.
 */
public interface Task {
  /** A short name for logs and configs ({@code math}, {@code code}, ...). */
  String name();

  /** Training problem number {@code index} (>= 0) of the stream. */
  Problem trainProblem(long index);

  /**
   * The distinct training problems when the stream cycles over a finite list (a loaded data file), in stored order;
   * empty for a generated stream, whose problems are too many to list.
   */
  default Optional<List<Problem>> trainingSet() {
    return Optional.empty();
  }

  /** The held-out problems, the same on every call. */
  List<Problem> heldOut();

  /** The reward functions, summed with their weights into the training reward. */
  List<WeightedReward> rewards();

  /** A task from its parts (see {@link SimpleTask}). */
  static Task of(String name, java.util.function.LongFunction<Problem> train, List<Problem> heldOut,
      List<WeightedReward> rewards) {
    return new SimpleTask(name, train, heldOut, rewards);
  }

  /** The reward functions whose status words are counted in the training metrics; none by default. */
  default List<StatusCounts> statusCounts() {
    return List.of();
  }

  /**
   * The special tokens that end an answer in this task's prompt format, best first (a chat task: its template's
   * end-of-turn tokens that {@code tokenizer} has); none by default, where {@code <|endoftext|>} ends an answer.
   */
  default List<String> endOfAnswerTokens(Tokenizer tokenizer) {
    return List.of();
  }

  /** Whether {@code completion} solves {@code problem} (held-out accuracy); by default the first reward is >= 1. */
  default boolean solved(Problem problem, String completion) {
    return rewards().get(0).function().score(problem, completion).reward() >= 1.0;
  }
}
