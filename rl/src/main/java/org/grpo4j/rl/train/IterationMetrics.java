package org.grpo4j.rl.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.grpo4j.rl.objective.Advantages;
import org.grpo4j.rl.rollout.RewardOutcome;
import org.grpo4j.rl.rollout.ScoredSample;
import org.grpo4j.rl.task.StatusCounts;

/**
 * The metrics line of one iteration, keys sorted after {@code step}. Reward and completion statistics cover every
 * sample drawn (all dynamic-sampling rounds); {@code policy/entropy} is the Monte Carlo per-token estimate
 * -mean(log pi_T(sampled token)) under the tempered, untruncated policy; {@code train/skipped_steps} counts this
 * iteration's skipped optimizer steps; the task's {@link StatusCounts} add {@code <namespace>/status/<word>}. Only {@code time/} and {@code perf/} depend on the clock.
 */
final class IterationMetrics {
  private IterationMetrics() {}

  static Map<String, Object> of(int step, RolloutBatch batch, UpdateResult u, TrainConfig config,
      IterationTiming timing, double iterationSeconds, List<StatusCounts> statuses) {
    TreeMap<String, Object> m = new TreeMap<>();
    List<ScoredSample> all = batch.all();
    double[] r = all.stream().mapToDouble(ScoredSample::reward).toArray();
    int[] groups = all.stream().mapToInt(s -> s.sample().group()).toArray();
    m.put("reward/mean", mean(r));
    m.put("reward/std", std(r));
    m.put("reward/frac_zero_std", Advantages.fractionZeroStd(r, groups));
    Map<String, List<RewardOutcome>> byFn = new LinkedHashMap<>();
    all.forEach(s -> s.outcomes().forEach(o -> byFn.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(o)));
    byFn.forEach((name, outcomes) -> {
      m.put("reward/" + name + "/mean", outcomes.stream().mapToDouble(RewardOutcome::reward).average().orElse(0));
      m.put("reward/" + name + "/failed_frac", (double) outcomes.stream().filter(RewardOutcome::failed).count()
          / outcomes.size());
    });
    m.putAll(StatusFractions.of(all, statuses));
    double[] len = all.stream().mapToDouble(s -> s.sample().length()).toArray();
    m.put("completion/length_mean", mean(len));
    m.put("completion/length_max", max(len));
    m.put("completion/truncated_frac", all.stream().filter(s -> s.sample().truncated()).count() / (double) all.size());
    double logpSum = 0;
    long tokens = 0;
    for (ScoredSample s : all) {
      for (double lp : s.sample().completion().policyLogProbs()) {
        logpSum += lp;
        tokens++;
      }
    }
    m.put("policy/entropy", tokens == 0 ? 0 : -logpSum / tokens);
    m.put("policy/loss", u.loss());
    m.put("policy/grad_norm", u.gradNorm());
    if (config.objective().beta() > 0) {
      m.put("policy/kl", u.kl());
    }
    m.put("policy/clip_frac", u.clipFrac());
    u.objectiveMetrics().forEach((k, v) -> m.put("objective/" + k, v));
    m.put("rollout/rounds", batch.rounds());
    m.put("rollout/samples_trained", batch.kept().size());
    m.put("train/data_position", batch.nextPosition());
    m.put("train/optimizer_steps", u.steps());
    m.put("train/skipped_steps", u.skipped());
    m.put("time/rollout_s", timing.rolloutSeconds());
    m.put("time/reward_s", timing.rewardSeconds());
    m.put("time/train_s", timing.trainSeconds());
    m.put("time/iteration_s", iterationSeconds);
    m.put("perf/rollout_tokens_per_s", timing.rolloutTokensPerSecond());
    m.put("perf/train_tokens_per_s", timing.trainTokensPerSecond());
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    out.put("step", step);
    out.putAll(m);
    return out;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return x.length == 0 ? 0 : s / x.length;
  }

  /** Population standard deviation. */
  private static double std(double[] x) {
    double mu = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - mu) * (v - mu);
    }
    return x.length == 0 ? 0 : Math.sqrt(s / x.length);
  }

  private static double max(double[] x) {
    double best = 0;
    for (double v : x) {
      best = Math.max(best, v);
    }
    return best;
  }
}
