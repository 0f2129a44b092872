package org.grpo4j.rl.task.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.StatusCounts;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.WeightedReward;

/** The generated function-synthesis task: a seeded stream of problems, a held-out set, and the sandbox reward. */
public final class FunctionTask implements Task {
  private final FunctionTaskConfig config;
  private final FunctionProblems problems;
  private final List<WeightedReward> rewards;
  private final List<Problem> heldOut;

  /** A task with {@code config}, scored by {@code reward}. */
  public FunctionTask(FunctionTaskConfig config, CodeReward reward) {
    this.config = Objects.requireNonNull(config, "config");
    this.problems = new FunctionProblems(config);
    this.rewards = List.of(new WeightedReward(CodeReward.NAME, 1.0, Objects.requireNonNull(reward, "reward")));
    List<Problem> held = new ArrayList<>();
    for (int i = 0; i < config.heldOut(); i++) {
      held.add(problems.problem(1, i));
    }
    this.heldOut = List.copyOf(held);
  }

  /** The configuration. */
  public FunctionTaskConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "code";
  }

  @Override
  public Problem trainProblem(long index) {
    return problems.problem(0, index);
  }

  @Override
  public List<Problem> heldOut() {
    return heldOut;
  }

  @Override
  public List<WeightedReward> rewards() {
    return rewards;
  }

  /** The sandbox statuses of the {@code tests} reward, as {@code code/status/<word>}. */
  @Override
  public List<StatusCounts> statusCounts() {
    return CodeReward.STATUS_COUNTS;
  }
}
