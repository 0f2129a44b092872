package org.grpo4j.rl.chat;

import java.util.List;
import java.util.Optional;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.StatusCounts;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.WeightedReward;
import org.grpo4j.tokenizer.Tokenizer;

/**
 * A task whose prompts are formatted with a chat template ({@link ChatPromptFormat}); its problems keep the task's
 * own prompt ({@link Problem#originalPrompt()}) for the verifiers, and the rewards, status counts and accuracy are
 * the wrapped task's.
 */
public final class ChatTask implements Task {
  private final Task task;
  private final ChatPromptFormat format;
  private final List<Problem> heldOut;

  /** {@code task} with its prompts formatted by {@code format} (the held-out set is formatted once, now). */
  public ChatTask(Task task, ChatPromptFormat format) {
    this.task = task;
    this.format = format;
    this.heldOut = task.heldOut().stream().map(this::formatted).toList();
  }

  private Problem formatted(Problem p) {
    return p.withChatPrompt(format.format(p.originalPrompt()));
  }

  @Override
  public String name() {
    return task.name();
  }

  @Override
  public Problem trainProblem(long index) {
    return formatted(task.trainProblem(index));
  }

  /** The wrapped task's training set, each prompt formatted as {@link #trainProblem} formats it. */
  @Override
  public Optional<List<Problem>> trainingSet() {
    return task.trainingSet().map(set -> set.stream().map(this::formatted).toList());
  }

  @Override
  public List<Problem> heldOut() {
    return heldOut;
  }

  @Override
  public List<WeightedReward> rewards() {
    return task.rewards();
  }

  @Override
  public List<StatusCounts> statusCounts() {
    return task.statusCounts();
  }

  @Override
  public List<String> endOfAnswerTokens(Tokenizer tokenizer) {
    return format.endOfTurnTokens(tokenizer);
  }

  @Override
  public boolean solved(Problem problem, String completion) {
    return task.solved(problem, completion);
  }
}
