package org.grpo4j.rl.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.grpo4j.rl.rollout.RewardRunner;
import org.grpo4j.rl.rollout.RolloutSampler;
import org.grpo4j.rl.rollout.Sample;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Task;
import org.grpo4j.transformer.sample.SamplingConfig;

/** Greedy held-out accuracy ({@link Task#solved}, under the reward time limit) with a 95% Wilson score interval. */
final class Evaluator {
  private static final int CHUNK = 32;
  private final Task task;
  private final RolloutSampler sampler;
  private final RewardRunner rewards;
  private final int count;
  private final SamplingConfig greedy;

  Evaluator(Task task, RolloutSampler sampler, RewardRunner rewards, TrainConfig config, Set<Integer> stops) {
    this.task = task;
    this.sampler = sampler;
    this.rewards = rewards;
    this.count = config.heldOut();
    this.greedy = SamplingConfig.greedy(config.rollout().maxNewTokens()).withStopTokens(stops);
  }

  /** The accuracy after {@code step} iterations, or null when the task has no held-out problems. */
  EvalResult run(int step) {
    List<Problem> all = task.heldOut();
    List<Problem> problems = count == 0 ? all : all.subList(0, Math.min(count, all.size()));
    if (problems.isEmpty()) {
      return null;
    }
    int correct = 0;
    for (int from = 0; from < problems.size(); from += CHUNK) {
      List<Problem> chunk = problems.subList(from, Math.min(problems.size(), from + CHUNK));
      List<Sample> out = sampler.sample(new ArrayList<>(chunk), new long[chunk.size()], 0, 1, greedy);
      for (Sample s : out) {
        correct += rewards.solved(task, s.problem(), s.text()) ? 1 : 0;
      }
    }
    int n = problems.size();
    var ci = new WilsonScoreInterval().createInterval(n, correct, 0.95);
    return new EvalResult(step, (double) correct / n, ci.getLowerBound(), ci.getUpperBound(), n, correct);
  }
}
