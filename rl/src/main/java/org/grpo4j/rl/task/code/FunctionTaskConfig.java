package org.grpo4j.rl.task.code;

import java.util.Objects;

/**
 * Knobs of generated function problems: the seed, the difficulty, examples shown in the prompt, hidden test cases,
 * the size of the held-out set, and the bound on generated integers.
 */
public record FunctionTaskConfig(long seed, Difficulty difficulty, int examples, int hiddenCases, int heldOut, int maxValue) {
  /** Checks the counts and the bound. */
  public FunctionTaskConfig {
    Objects.requireNonNull(difficulty, "difficulty");
    if (examples < 0 || examples > 5) {
      throw new IllegalArgumentException("function task: examples " + examples + " must be in [0, 5]");
    }
    if (hiddenCases < 1 || hiddenCases > 100) {
      throw new IllegalArgumentException("function task: hiddenCases " + hiddenCases + " must be in [1, 100]");
    }
    if (heldOut < 0) {
      throw new IllegalArgumentException("function task: heldOut " + heldOut + " must be >= 0");
    }
    if (maxValue < 1 || maxValue > 1_000_000) {
      throw new IllegalArgumentException("function task: maxValue " + maxValue + " must be in [1, 1000000]");
    }
  }

  /** The short default for tiny models: easy problems, no examples, 5 hidden cases, 64 held out, values up to 9. */
  public static FunctionTaskConfig easy(long seed) {
    return new FunctionTaskConfig(seed, Difficulty.EASY, 0, 5, 64, 9);
  }

  /** This configuration at another difficulty, with {@code examples} examples in the prompt. */
  public FunctionTaskConfig at(Difficulty d, int exampleCount) {
    return new FunctionTaskConfig(seed, d, exampleCount, hiddenCases, heldOut, maxValue);
  }
}
