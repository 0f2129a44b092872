package org.grpo4j.rl.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.grpo4j.rl.objective.Advantages;
import org.grpo4j.rl.objective.LengthCorrection;
import org.grpo4j.rl.rollout.OverlongMode;
import org.grpo4j.rl.rollout.RewardOutcome;
import org.grpo4j.rl.rollout.RewardRunner;
import org.grpo4j.rl.rollout.RolloutSampler;
import org.grpo4j.rl.rollout.Sample;
import org.grpo4j.rl.rollout.ScoredSample;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Task;
import org.grpo4j.transformer.sample.CacheMode;
import org.grpo4j.transformer.sample.Decoding;
import org.grpo4j.transformer.sample.SamplingConfig;

/**
 * Sampling and scoring of one iteration: B prompts from the training stream, G completions each, rewards (plus the
 * soft overlong term if configured), and with dynamic sampling more rounds of B prompts until B groups with unequal
 * rewards are found or the cap of extra rounds is reached (then the groups found are used; if none, the first round's).
 * Advantages come from the configured estimator (from r_i / |o_i| for TIC-GRPO's PER_TOKEN_REWARD correction).
 */
final class RolloutPhase {
  private final Task task;
  private final RolloutSampler sampler;
  private final RewardRunner rewards;
  private final TrainConfig config;
  private final Set<Integer> stops;

  RolloutPhase(Task task, RolloutSampler sampler, RewardRunner rewards, TrainConfig config, Set<Integer> stops) {
    this.task = task;
    this.sampler = sampler;
    this.rewards = rewards;
    this.config = config;
    this.stops = stops;
  }

  /** The task sampled from. */
  Task task() {
    return task;
  }

  RolloutBatch run(long step, long position) {
    RolloutSettings r = config.rollout();
    int b = config.promptsPerStep();
    List<ScoredSample> all = new ArrayList<>();
    List<ScoredSample> kept = new ArrayList<>();
    List<ScoredSample> first = null;
    double sampleSeconds = 0;
    double rewardSeconds = 0;
    int round = 0;
    while (true) {
      List<Problem> problems = new ArrayList<>(b);
      long[] indices = new long[b];
      for (int k = 0; k < b; k++) {
        indices[k] = position + k;
        problems.add(task.trainProblem(indices[k]));
      }
      position += b;
      long t0 = System.nanoTime();
      SamplingConfig sc = new SamplingConfig(Decoding.SAMPLE, r.temperature(), r.topK(), r.topP(), r.maxNewTokens(),
          stops, StepSeeds.of(config.seed(), step, StepSeeds.Purpose.SAMPLING, round), CacheMode.KV_CACHE);
      List<Sample> samples = sampler.sample(problems, indices, round * b, config.groupSize(), sc,
          r.rolloutSlots());
      long t1 = System.nanoTime();
      List<ScoredSample> scored = shape(rewards.score(samples));
      sampleSeconds += (t1 - t0) / 1e9;
      rewardSeconds += (System.nanoTime() - t1) / 1e9;
      all.addAll(scored);
      if (first == null) {
        first = scored;
      }
      if (!r.dynamicSampling()) {
        kept = scored;
        break;
      }
      kept.addAll(spreadGroups(scored));
      if (kept.size() >= b * config.groupSize() || round >= r.maxExtraRounds()) {
        break;
      }
      round++;
    }
    if (r.dynamicSampling()) {
      kept = kept.isEmpty() ? first : kept.subList(0, Math.min(kept.size(), b * config.groupSize()));
    }
    int[] groups = kept.stream().mapToInt(s -> s.sample().group()).toArray();
    double[] values = new double[kept.size()];
    for (int i = 0; i < values.length; i++) {
      ScoredSample s = kept.get(i);
      values[i] = config.objective().lengthCorrection() == LengthCorrection.PER_TOKEN_REWARD
          ? s.reward() / Math.max(1, s.sample().length()) : s.reward();
    }
    double[] adv = config.objective().advantage().compute(values, groups);
    return new RolloutBatch(all, List.copyOf(kept), adv, groups, position, round + 1, sampleSeconds, rewardSeconds);
  }

  /** Adds the soft overlong term when configured. */
  private List<ScoredSample> shape(List<ScoredSample> scored) {
    RolloutSettings r = config.rollout();
    if (r.overlong() != OverlongMode.SOFT_PENALTY) {
      return scored;
    }
    List<ScoredSample> out = new ArrayList<>(scored.size());
    for (ScoredSample s : scored) {
      double p = OverlongMode.softPenalty(s.sample().length(), r.maxNewTokens(), r.overlongBuffer(),
          r.overlongPenalty());
      out.add(s.plus(new RewardOutcome("overlong", 1.0, p, p < 0 ? "penalized" : "ok", null)));
    }
    return out;
  }

  /** The samples of groups whose rewards are not all equal, in order. */
  private static List<ScoredSample> spreadGroups(List<ScoredSample> scored) {
    Map<Integer, List<ScoredSample>> byGroup = new LinkedHashMap<>();
    for (ScoredSample s : scored) {
      byGroup.computeIfAbsent(s.sample().group(), g -> new ArrayList<>()).add(s);
    }
    List<ScoredSample> out = new ArrayList<>();
    for (List<ScoredSample> g : byGroup.values()) {
      double[] r = g.stream().mapToDouble(ScoredSample::reward).toArray();
      if (Advantages.fractionZeroStd(r, new int[r.length]) == 0) {
        out.addAll(g);
      }
    }
    return out;
  }
}
