package org.grpo4j.rl.train;

import java.util.ArrayList;
import java.util.List;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Nd;
import org.grpo4j.rl.rollout.OverlongMode;
import org.grpo4j.rl.rollout.ScoredSample;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.Scorer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One GRPO iteration: rollouts and rewards, advantages, reference log-probabilities, then the K inner steps. */
final class Iteration {
  private static final int SCORE_CHUNK = 16;
  private final RolloutPhase rollouts;
  private final PolicyUpdate update;
  private final LanguageModel reference;
  private final TrainConfig config;

  Iteration(RolloutPhase rollouts, PolicyUpdate update, LanguageModel reference, TrainConfig config) {
    this.rollouts = rollouts;
    this.update = update;
    this.reference = reference;
    this.config = config;
  }

  IterationResult run(int step, long position) {
    long start = System.nanoTime();
    RolloutBatch batch = rollouts.run(step, position);
    long trainStart = System.nanoTime();
    List<TrainSample> samples = trainSamples(batch);
    UpdateResult u = update.run(samples, step);
    double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
    long newTokens = batch.all().stream().mapToLong(s -> s.sample().length()).sum();
    IterationTiming timing = new IterationTiming(batch.sampleSeconds(), batch.rewardSeconds(), trainSeconds,
        newTokens, u.tokens());
    double total = (System.nanoTime() - start) / 1e9;
    return new IterationResult(IterationMetrics.of(step, batch, u, config, timing, total,
        rollouts.task().statusCounts()), batch.all(),
        batch.nextPosition(), timing);
  }

  private List<TrainSample> trainSamples(RolloutBatch batch) {
    boolean mask = config.rollout().overlong() == OverlongMode.MASK;
    List<TrainSample> out = new ArrayList<>();
    for (int i = 0; i < batch.kept().size(); i++) {
      ScoredSample s = batch.kept().get(i);
      out.add(new TrainSample(s.sample().prompt(), s.sample().completion().tokens(),
          s.sample().completion().policyLogProbs(), null, batch.advantages()[i], batch.groups()[i],
          mask && s.sample().truncated()));
    }
    return reference == null ? out : withReference(out);
  }

  /** The samples with the frozen reference policy's tempered log-probabilities, scored without gradients. */
  private List<TrainSample> withReference(List<TrainSample> samples) {
    List<TrainSample> out = new ArrayList<>(samples.size());
    for (int from = 0; from < samples.size(); from += SCORE_CHUNK) {
      List<TrainSample> chunk = samples.subList(from, Math.min(samples.size(), from + SCORE_CHUNK));
      List<int[]> prompts = new ArrayList<>();
      List<int[]> completions = new ArrayList<>();
      chunk.forEach(s -> {
        prompts.add(s.prompt());
        completions.add(s.tokens());
      });
      try (GradMode.Scope g = GradMode.noGrad(); MemoryScope scope = MemoryScope.recycling();
          var mode = reference.eval()) {
        INDArray logp = Scorer.score(reference, prompts, completions, config.rollout().temperature()).logProbs()
            .data();
        for (int i = 0; i < chunk.size(); i++) {
          double[] row = Nd.toDoubles(logp.getRow(i));
          out.add(chunk.get(i).withRefLogp(java.util.Arrays.copyOf(row, chunk.get(i).tokens().length)));
        }
      }
    }
    return out;
  }
}
