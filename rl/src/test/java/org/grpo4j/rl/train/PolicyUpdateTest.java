package org.grpo4j.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.rl.objective.Aggregation;
import org.grpo4j.rl.objective.GrpoClip;
import org.grpo4j.rl.objective.LengthCorrection;
import org.grpo4j.rl.objective.ObjectiveLoss;
import org.grpo4j.rl.rollout.AdvantageEstimator;
import org.grpo4j.rl.rollout.RolloutSampler;
import org.grpo4j.rl.rollout.Sample;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.sample.SamplingConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The inner steps: objectives agree at the old policy, zero advantages do nothing, non-finite steps are skipped. */
class PolicyUpdateTest {
  final ModelDirectory dir = TinyTask.policy(21, DataType.DOUBLE);
  final LanguageModel model = dir.model();

  /** Samples of the tiny task with group-normalized advantages (rewards: fraction of 'b'). */
  List<TrainSample> samples(boolean zeroAdvantages) {
    TinyTask task = new TinyTask();
    List<Problem> problems = List.of(task.trainProblem(0), task.trainProblem(1));
    List<Sample> s = new RolloutSampler(model, TinyTask.TOKENIZER).sample(problems, new long[] {0, 1}, 0, 4,
        SamplingConfig.sample(6, 17).withTemperature(1.3).withStopTokens(java.util.Set.of(2)));
    double[] r = new double[s.size()];
    int[] g = new int[s.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = TinyTask.fractionOfB(s.get(i).problem(), s.get(i).text()).reward();
      g[i] = s.get(i).group();
    }
    double[] adv = AdvantageEstimator.GROUP_NORMALIZED.compute(r, g);
    List<TrainSample> out = new ArrayList<>();
    for (int i = 0; i < r.length; i++) {
      out.add(new TrainSample(s.get(i).prompt(), s.get(i).completion().tokens(),
          s.get(i).completion().policyLogProbs(), null, zeroAdvantages ? 0 : adv[i], g[i], false));
    }
    assertTrue(java.util.Arrays.stream(adv).anyMatch(a -> Math.abs(a) > 0.1), "the rewards differ in a group");
    assertTrue(s.stream().mapToInt(Sample::length).distinct().count() > 1, "lengths differ");
    return out;
  }

  static TrainConfig config(ObjectiveName name, LengthCorrection lc, Aggregation agg) {
    return TrainConfig.builder().objective(name).lengthCorrection(lc).aggregation(agg).temperature(1.3)
        .maxNewTokens(6).gradClip(0).weightDecay(0).innerSteps(1).promptsPerStep(2).groupSize(4).build();
  }

  /** The parameter change of one update of a copy of the model; AdamW with eps 1e3 is linear in the gradient. */
  double[] step(TrainConfig config, List<TrainSample> samples) {
    LanguageModel m = Trainer.copy(model);
    AdamW opt = AdamW.forModel(m, new AdamWConfig(1.0, 0.9, 0.999, 1e3), 0.0);
    UpdateResult u = new PolicyUpdate(m, opt, config).run(samples, 1);
    assertEquals(1, u.steps());
    return delta(m);
  }

  double[] delta(LanguageModel m) {
    List<Double> d = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : m.stateDict().entrySet()) {
      double[] now = org.grpo4j.autograd.Nd.toDoubles(e.getValue());
      double[] was = org.grpo4j.autograd.Nd.toDoubles(model.stateDict().get(e.getKey()));
      for (int i = 0; i < now.length; i++) {
        d.add(now[i] - was[i]);
      }
    }
    return d.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static double relativeGap(double[] a, double[] b) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      norm = Math.max(norm, Math.abs(a[i]));
    }
    return diff / norm;
  }

  @Test
  void grpoNoIsAndTicGrpoTakeTheSameFirstStepAtTheOldPolicy() {
    List<TrainSample> s = samples(false);
    double[] grpo = step(config(ObjectiveName.GRPO, null, null), s);
    double[] nois = step(config(ObjectiveName.GRPO_NOIS, null, null), s);
    double[] tic = step(config(ObjectiveName.TIC_GRPO, LengthCorrection.PER_SEQUENCE, null), s);
    double[] frozen = step(config(ObjectiveName.GRPO_FROZEN, null, null), s);
    assertTrue(relativeGap(grpo, nois) < 1e-6, "grpo vs grpo-nois " + relativeGap(grpo, nois));
    assertTrue(relativeGap(grpo, tic) < 1e-6, "grpo vs tic-grpo " + relativeGap(grpo, tic));
    assertTrue(relativeGap(grpo, frozen) < 1e-6, "grpo vs grpo-frozen " + relativeGap(grpo, frozen));
    double[] tokenMean = step(config(ObjectiveName.GRPO, null, Aggregation.TOKEN_MEAN), s);
    assertTrue(relativeGap(grpo, tokenMean) > 1e-3, "another aggregation is another step: the check can fail");
  }

  @Test
  void zeroAdvantagesWithoutWeightDecayLeaveTheParametersUnchanged() {
    LanguageModel m = Trainer.copy(model);
    AdamW opt = AdamW.forModel(m, AdamWConfig.of(1e-2), 0.0);
    UpdateResult u = new PolicyUpdate(m, opt, config(ObjectiveName.GRPO, null, null)).run(samples(true), 1);
    assertEquals(1, u.steps());
    for (double d : delta(m)) {
      assertEquals(0.0, d);
    }
  }

  @Test
  void aNonFiniteLossSkipsTheStepAndCountsIt() {
    LanguageModel m = Trainer.copy(model);
    AdamW opt = AdamW.forModel(m, AdamWConfig.of(1e-2), 0.0);
    TrainConfig c = config(ObjectiveName.GRPO, null, null).toBuilder().innerSteps(3).build();
    int[] calls = {0};
    GrpoClip grpo = GrpoClip.standard(0.2);
    PolicyUpdate poisoned = new PolicyUpdate(m, opt, c, n -> b -> {
      ObjectiveLoss l = grpo.loss(b);
      return calls[0]++ == 1 ? new ObjectiveLoss(l.loss().mul(org.grpo4j.autograd.Tensor.scalar(Double.NaN, l.loss().dtype())), l.metrics()) : l;
    });
    List<TrainSample> s = samples(false);
    LanguageModel before = Trainer.copy(m);
    UpdateResult u = poisoned.run(s, 1);
    assertEquals(1, u.skipped(), u.toString() + " calls " + calls[0]);
    assertEquals(2, u.steps());
    assertTrue(Double.isFinite(u.loss()) && Double.isFinite(u.gradNorm()));
    for (Map.Entry<String, INDArray> e : m.stateDict().entrySet()) {
      assertTrue(!e.getValue().isInfinite().any() && !e.getValue().isNaN().any(), e.getKey());
    }
    assertEquals(2, opt.steps(), "the poisoned step was not applied");
    assertTrue(!before.stateDict().get("transformer.wte.weight").equals(m.stateDict().get("transformer.wte.weight")));
  }
}
