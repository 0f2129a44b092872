package org.grpo4j.rl.task.code;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.StatusCounts;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.WeightedReward;

/**
 * A code task over fixed problem lists (loaded JSONL): training problem {@code i} is drawn from the training list by
 * (seed, i) alone, in passes that each visit every problem once in a seeded order.
 */
public final class ProblemSetTask implements Task {
  private final String name;
  private final List<Problem> train;
  private final List<Problem> heldOut;
  private final long seed;
  private final List<WeightedReward> rewards;

  /** A task named {@code name} over {@code train} and {@code heldOut}, scored by {@code reward}. */
  public ProblemSetTask(String name, List<Problem> train, List<Problem> heldOut, long seed, CodeReward reward) {
    this.name = Objects.requireNonNull(name, "name");
    this.train = List.copyOf(train);
    this.heldOut = List.copyOf(heldOut);
    if (this.train.isEmpty()) {
      throw new IllegalArgumentException("task " + name + ": the training problems are empty; at least one is needed");
    }
    this.seed = seed;
    this.rewards = List.of(new WeightedReward(CodeReward.NAME, 1.0, Objects.requireNonNull(reward, "reward")));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<List<Problem>> trainingSet() {
    return Optional.of(train);
  }

  @Override
  public Problem trainProblem(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("problem index " + index + " must be >= 0");
    }
    int n = train.size();
    long pass = index / n;
    int position = (int) (index % n);
    // a seeded Fisher-Yates shuffle of this pass, walked only as far as needed
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + pass);
    for (int i = 0; i <= position; i++) {
      int j = i + rng.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return train.get(order[position]);
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
