package org.grpo4j.rl.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.ModeScope;
import org.grpo4j.nn.Parameter;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.GradClip;
import org.grpo4j.rl.objective.Aggregation;
import org.grpo4j.rl.objective.KlPenalty;
import org.grpo4j.rl.objective.Objective;
import org.grpo4j.rl.objective.ObjectiveLoss;
import org.grpo4j.rl.objective.PolicyBatch;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.ScoredBatch;
import org.grpo4j.transformer.Scorer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The K inner passes of one iteration against the fixed old log-probabilities: each pass shuffles the samples
 * (seeded by run seed, step and pass), splits them into mini-batches (one optimizer step each) and those into
 * micro-batches (gradient accumulation, weighted so the sum equals the mini-batch's loss). The policy is scored in
 * eval mode (no dropout) under softmax(logits / temperature). A step whose loss or gradient norm is not finite is
 * skipped, never applied. {@code grpo-frozen} computes each mini-batch's gradient once at the old policy and applies
 * it in every pass.
 */
final class PolicyUpdate {
  private final LanguageModel model;
  private final AdamW optimizer;
  private final TrainConfig config;
  private final IntFunction<Objective> objectives;

  /** An update of {@code model} by {@code optimizer} with the configured objective. */
  PolicyUpdate(LanguageModel model, AdamW optimizer, TrainConfig config) {
    this(model, optimizer, config, n -> Objectives.of(config.objective(), n, config.rollout().maxNewTokens()));
  }

  /** An update whose objective for a micro-batch of n outputs is {@code objectives.apply(n)} (tests inject here). */
  PolicyUpdate(LanguageModel model, AdamW optimizer, TrainConfig config, IntFunction<Objective> objectives) {
    this.model = model;
    this.optimizer = optimizer;
    this.config = config;
    this.objectives = objectives;
  }

  UpdateResult run(List<TrainSample> samples, long step) {
    Stats stats = new Stats();
    if (config.objective().name() == ObjectiveName.GRPO_FROZEN) {
      List<List<List<TrainSample>>> parts = partition(samples, step, 0);
      List<List<org.nd4j.linalg.api.ndarray.INDArray>> frozen = new ArrayList<>();
      List<Double> losses = new ArrayList<>();
      for (List<List<TrainSample>> mini : parts) {
        double loss = accumulate(mini, stats);
        double norm = globalNorm();
        boolean ok = Double.isFinite(loss) && Double.isFinite(norm);
        frozen.add(ok ? copyGradients() : null);
        losses.add(loss);
      }
      for (int pass = 0; pass < config.innerSteps(); pass++) {
        for (int i = 0; i < parts.size(); i++) {
          if (frozen.get(i) == null) {
            stats.skipped++;
            continue;
          }
          applyGradients(frozen.get(i));
          finishStep(losses.get(i), stats);
        }
      }
    } else {
      for (int pass = 0; pass < config.innerSteps(); pass++) {
        for (List<List<TrainSample>> mini : partition(samples, step, pass)) {
          finishStep(accumulate(mini, stats), stats);
        }
      }
    }
    optimizer.zeroGrad();
    return stats.result();
  }

  /** Clips and applies the accumulated gradient, or skips the step when loss or gradient is not finite. */
  private void finishStep(double loss, Stats stats) {
    double norm = globalNorm();
    if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
      optimizer.zeroGrad();
      stats.skipped++;
      return;
    }
    if (config.gradClip() > 0) {
      GradClip.clipGlobalNorm(model.parameters(), config.gradClip());
    }
    optimizer.step();
    stats.steps++;
    stats.loss += loss;
    stats.gradNorm += norm;
  }

  /** Zeroes the gradients and accumulates the mini-batch's loss gradient; returns the mini-batch's loss. */
  private double accumulate(List<List<TrainSample>> micros, Stats stats) {
    optimizer.zeroGrad();
    Aggregation agg = config.objective().aggregation();
    double total = 0;
    for (List<TrainSample> micro : micros) {
      total += agg == Aggregation.TOKEN_MEAN ? tokens(micro) : micro.size();
    }
    double loss = 0;
    for (List<TrainSample> micro : micros) {
      double w = (agg == Aggregation.TOKEN_MEAN ? tokens(micro) : micro.size()) / Math.max(1e-300, total);
      loss += w * microStep(micro, w, stats);
    }
    return loss;
  }

  private double microStep(List<TrainSample> micro, double weight, Stats stats) {
    List<int[]> prompts = new ArrayList<>();
    List<int[]> completions = new ArrayList<>();
    for (TrainSample s : micro) {
      prompts.add(s.prompt());
      completions.add(s.tokens());
      stats.tokens += s.prompt().length + s.tokens().length;
    }
    try (MemoryScope scope = MemoryScope.recycling(); ModeScope mode = model.eval()) {
      ScoredBatch scored = Scorer.score(model, prompts, completions, config.rollout().temperature());
      PolicyBatch batch = batch(scored, micro);
      ObjectiveLoss out = objectives.apply(micro.size()).loss(batch);
      Tensor loss = out.loss();
      double beta = config.objective().beta();
      if (beta > 0) {
        double sumNorm = (double) micro.size() * config.rollout().maxNewTokens();
        ObjectiveLoss kl = new KlPenalty(config.objective().kl(), config.objective().aggregation(), sumNorm)
            .loss(batch);
        loss = loss.add(kl.loss().mul(beta));
        stats.kl += kl.metrics().get("kl");
      }
      double value = loss.item();
      loss.mul(weight).backward();
      stats.record(out.metrics());
      return value;
    }
  }

  /** The batch of a micro-batch: scored log-probs, old and reference log-probs, mask (masked samples zeroed). */
  static PolicyBatch batch(ScoredBatch scored, List<TrainSample> micro) {
    int n = micro.size();
    int t = (int) scored.logProbs().shape()[1];
    double[][] old = new double[n][t];
    double[][] ref = micro.get(0).refLogp() == null ? null : new double[n][t];
    double[][] mask = new double[n][t];
    double[] adv = new double[n];
    int[] groups = new int[n];
    for (int i = 0; i < n; i++) {
      TrainSample s = micro.get(i);
      System.arraycopy(s.oldLogp(), 0, old[i], 0, s.tokens().length);
      if (ref != null) {
        System.arraycopy(s.refLogp(), 0, ref[i], 0, s.tokens().length);
      }
      for (int j = 0; j < s.tokens().length && !s.masked(); j++) {
        mask[i][j] = 1;
      }
      adv[i] = s.masked() ? 0 : s.advantage();
      groups[i] = s.group();
    }
    return new PolicyBatch(scored.logProbs(), Nd4j.createFromArray(old),
        ref == null ? null : Nd4j.createFromArray(ref), Nd4j.createFromArray(mask), adv, groups);
  }

  private static long tokens(List<TrainSample> micro) {
    return micro.stream().filter(s -> !s.masked()).mapToLong(s -> s.tokens().length).sum();
  }

  /** The samples in a seeded order, as mini-batches of micro-batches of near-equal sizes. */
  private List<List<List<TrainSample>>> partition(List<TrainSample> samples, long step, int pass) {
    int n = samples.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(StepSeeds.of(config.seed(), step, StepSeeds.Purpose.SHUFFLE, pass));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    int m = Math.min(config.miniBatches(), n);
    List<List<List<TrainSample>>> out = new ArrayList<>();
    for (int b = 0; b < m; b++) {
      int from = (int) ((long) n * b / m);
      int to = (int) ((long) n * (b + 1) / m);
      int a = Math.min(config.microBatches(), to - from);
      List<List<TrainSample>> micros = new ArrayList<>();
      for (int c = 0; c < a; c++) {
        List<TrainSample> micro = new ArrayList<>();
        for (int k = from + (int) ((long) (to - from) * c / a); k < from + (int) ((long) (to - from) * (c + 1) / a);
            k++) {
          micro.add(samples.get(order[k]));
        }
        micros.add(micro);
      }
      out.add(micros);
    }
    return out;
  }

  private double globalNorm() {
    double sumSq = 0;
    for (Parameter p : model.parameters()) {
      if (p.grad() != null) {
        double n = p.grad().norm2Number().doubleValue();
        sumSq += n * n;
      }
    }
    return Math.sqrt(sumSq);
  }

  private List<org.nd4j.linalg.api.ndarray.INDArray> copyGradients() {
    List<org.nd4j.linalg.api.ndarray.INDArray> out = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      out.add(p.grad() == null ? p.data().like() : p.grad().dup());
    }
    return out;
  }

  /** Sets every parameter's gradient to the stored one, through the linear surrogate sum_p <g_p, p>. */
  private void applyGradients(List<org.nd4j.linalg.api.ndarray.INDArray> grads) {
    optimizer.zeroGrad();
    List<Parameter> params = model.parameters();
    try (MemoryScope scope = MemoryScope.recycling()) {
      Tensor total = null;
      for (int i = 0; i < params.size(); i++) {
        Tensor term = params.get(i).tensor().mul(Tensor.of(grads.get(i))).sum();
        total = total == null ? term : total.add(term);
      }
      total.backward();
    }
  }

  /** Sums over the iteration's steps and micro-batches. */
  private static final class Stats {
    int steps;
    int skipped;
    long tokens;
    int micro;
    double loss;
    double gradNorm;
    double kl;
    double clip;
    final TreeMap<String, Double> metrics = new TreeMap<>();

    void record(java.util.Map<String, Double> m) {
      micro++;
      m.forEach((k, v) -> metrics.merge(k, v, Double::sum));
      clip += m.getOrDefault("clip_ratio_low", 0.0) + m.getOrDefault("clip_ratio_high", 0.0)
          + m.getOrDefault("trajectory_clip_fraction", 0.0);
    }

    UpdateResult result() {
      TreeMap<String, Double> mean = new TreeMap<>();
      metrics.forEach((k, v) -> mean.put(k, v / Math.max(1, micro)));
      int d = Math.max(1, steps);
      return new UpdateResult(steps == 0 ? Double.NaN : loss / d, steps == 0 ? Double.NaN : gradNorm / d,
          kl / Math.max(1, micro), clip / Math.max(1, micro), mean, steps, skipped, tokens);
    }
  }
}
