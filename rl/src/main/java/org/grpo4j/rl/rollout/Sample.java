package org.grpo4j.rl.rollout;

import org.grpo4j.rl.task.Problem;
import org.grpo4j.transformer.sample.Completion;
import org.grpo4j.transformer.sample.StopReason;

/**
 * One sampled output: its group (the index of its prompt in the batch), the problem and its position in the training
 * stream, the prompt's token ids, the completion (tokens and old-policy log-probabilities) and its decoded text
 * (without the stop token).
 */
public record Sample(int group, long problemIndex, Problem problem, int[] prompt, Completion completion,
    String text) {
  /** Whether generation stopped at the length or context limit instead of a stop token. */
  public boolean truncated() {
    return completion.stopReason() != StopReason.STOP_TOKEN;
  }

  /** Number of completion tokens. */
  public int length() {
    return completion.length();
  }
}
