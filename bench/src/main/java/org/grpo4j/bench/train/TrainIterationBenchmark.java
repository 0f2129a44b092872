package org.grpo4j.bench.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.train.IterationTiming;
import org.grpo4j.rl.train.TrainConfig;
import org.grpo4j.rl.train.Trainer;

/**
 * One full GRPO iteration (rollout with the KV-cache sampler, rewards, K optimizer passes) at given sizes: the
 * median of several iterations after warm-up, split into rollout, reward and training time, with tokens/s.
 */
public final class TrainIterationBenchmark {
  private TrainIterationBenchmark() {}

  /** The median iteration of {@code rounds} after {@code warmup} untimed ones; prints one line to {@code out}. */
  public static IterationTiming run(ModelDirectory policy, Task task, TrainConfig config, int warmup, int rounds,
      PrintStream out) {
    if (warmup < 0 || rounds < 1) {
      throw new IllegalArgumentException("train benchmark: warm-up " + warmup + " must be >= 0 and rounds " + rounds
          + " >= 1");
    }
    for (int i = 0; i < warmup; i++) {
      Trainer.timeIteration(policy, task, config);
    }
    List<IterationTiming> timed = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      System.gc();
      timed.add(Trainer.timeIteration(policy, task, config));
    }
    timed.sort(Comparator.comparingDouble(IterationTiming::totalSeconds));
    IterationTiming m = timed.get(timed.size() / 2);
    out.printf(java.util.Locale.ROOT, "GRPO iteration (B=%d, G=%d, K=%d, %d new tokens at most, %s): %.3f s = rollout"
        + " %.3f s (%.0f%%, %,.0f new tokens/s) + rewards %.4f s (%.1f%%) + training %.3f s (%.0f%%, %,.0f tokens/s);"
        + " median of %d after %d warm-up%n", config.promptsPerStep(), config.groupSize(), config.innerSteps(),
        config.rollout().maxNewTokens(), config.objective().name().cliName(), m.totalSeconds(), m.rolloutSeconds(),
        100 * m.rolloutSeconds() / m.totalSeconds(), m.rolloutTokensPerSecond(), m.rewardSeconds(),
        100 * m.rewardSeconds() / m.totalSeconds(), m.trainSeconds(), 100 * m.trainSeconds() / m.totalSeconds(),
        m.trainTokensPerSecond(), rounds, warmup);
    return m;
  }
}
