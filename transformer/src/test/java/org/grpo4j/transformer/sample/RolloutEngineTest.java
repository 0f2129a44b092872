package org.grpo4j.transformer.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.NonFiniteException;
import org.grpo4j.transformer.ScoredBatch;
import org.grpo4j.transformer.Scorer;
import org.junit.jupiter.api.Test;

/** Rollout engine behaviour: seeding, stopping, context limits, cache equivalence, and log-probabilities. */
class RolloutEngineTest {
  final Gpt model = new Gpt(GptConfig.of(2, 2, 16, 12, 24), 5);
  final List<int[]> prompts = List.of(new int[] {1, 2, 3, 4, 5}, new int[] {7}, new int[] {3, 3, 9});

  @Test
  void sameSeedSameSamplesOtherSeedOtherSamples() {
    SamplingConfig c = SamplingConfig.sample(12, 42).withTemperature(1.5);
    List<Completion> a = RolloutEngine.generate(model, prompts, c);
    List<Completion> b = RolloutEngine.generate(model, prompts, c);
    List<Completion> d = RolloutEngine.generate(model, prompts, c.withSeed(43));
    boolean differs = false;
    for (int i = 0; i < prompts.size(); i++) {
      assertArrayEquals(a.get(i).tokens(), b.get(i).tokens());
      assertArrayEquals(a.get(i).sampledLogProbs(), b.get(i).sampledLogProbs());
      differs |= !Arrays.equals(a.get(i).tokens(), d.get(i).tokens());
    }
    assertTrue(differs, "another seed gives other samples");
  }

  @Test
  void kvCacheAndRecomputationGiveTheSameSamples() {
    SamplingConfig c = SamplingConfig.sample(15, 7).withTopK(5).withTopP(0.95);
    List<Completion> cached = RolloutEngine.generate(model, prompts, c);
    List<Completion> full = RolloutEngine.generate(model, prompts, c.withCacheMode(CacheMode.RECOMPUTE));
    for (int i = 0; i < prompts.size(); i++) {
      assertArrayEquals(full.get(i).tokens(), cached.get(i).tokens(), "sequence " + i);
      assertArrayEquals(full.get(i).modelLogProbs(), cached.get(i).modelLogProbs(), 1e-5, "sequence " + i);
    }
  }

  @Test
  void modelLogProbsAgreeWithTheScorePath() {
    List<Completion> out = RolloutEngine.generate(model, prompts, SamplingConfig.sample(10, 3).withTemperature(0.8));
    List<int[]> completions = new ArrayList<>();
    out.forEach(c -> completions.add(c.tokens()));
    try (var g = GradMode.noGrad()) {
      ScoredBatch s = Scorer.score(model, prompts, completions);
      for (int b = 0; b < prompts.size(); b++) {
        double[] want = out.get(b).modelLogProbs();
        double[] got = Arrays.copyOf(s.logProbs().data().getRow(b).toDoubleVector(), want.length);
        assertArrayEquals(want, got, 2e-5, "sequence " + b);
        for (int j = 0; j < want.length; j++) {
          assertTrue(out.get(b).sampledLogProbs()[j] <= 0, "a log-probability");
        }
      }
    }
  }

  @Test
  void policyLogProbsAreTheTemperedUntruncatedScorePath() {
    SamplingConfig c = SamplingConfig.sample(10, 3).withTemperature(0.7).withTopK(4).withTopP(0.9);
    List<Completion> out = RolloutEngine.generate(model, prompts, c);
    List<int[]> completions = new ArrayList<>();
    out.forEach(x -> completions.add(x.tokens()));
    try (var g = GradMode.noGrad()) {
      ScoredBatch tempered = Scorer.score(model, prompts, completions, 0.7);
      ScoredBatch plain = Scorer.score(model, prompts, completions);
      double maxGap = 0;
      for (int b = 0; b < prompts.size(); b++) {
        double[] want = out.get(b).policyLogProbs();
        double[] got = Arrays.copyOf(tempered.logProbs().data().getRow(b).toDoubleVector(), want.length);
        double[] t1 = Arrays.copyOf(plain.logProbs().data().getRow(b).toDoubleVector(), want.length);
        assertArrayEquals(want, got, 1e-5, "sequence " + b);
        for (int j = 0; j < want.length; j++) {
          maxGap = Math.max(maxGap, Math.abs(want[j] - t1[j]));
          assertTrue(want[j] <= out.get(b).sampledLogProbs()[j] + 1e-9, "truncation only raises the sampled one");
        }
      }
      assertTrue(maxGap > 1e-3, "temperature 0.7 changes the log-probabilities, gap " + maxGap);
    }
  }

  @Test
  void stopsAtStopTokensMaxTokensAndTheContext() {
    List<Completion> free = RolloutEngine.generate(model, prompts, SamplingConfig.greedy(6));
    free.forEach(c -> {
      assertEquals(StopReason.MAX_NEW_TOKENS, c.stopReason());
      assertEquals(6, c.length());
    });
    int stop = free.get(0).tokens()[2];
    List<Completion> stopped = RolloutEngine.generate(model, prompts, SamplingConfig.greedy(6).withStopTokens(Set.of(stop)));
    for (int i = 0; i < prompts.size(); i++) {
      int[] f = free.get(i).tokens();
      int at = -1;
      for (int j = 0; j < f.length && at < 0; j++) {
        at = f[j] == stop ? j : -1;
      }
      Completion c = stopped.get(i);
      assertEquals(at < 0 ? StopReason.MAX_NEW_TOKENS : StopReason.STOP_TOKEN, c.stopReason(), "sequence " + i);
      assertArrayEquals(at < 0 ? f : Arrays.copyOf(f, at + 1), c.tokens(), "the stop token ends the completion");
    }
    int[] nearlyFull = new int[22];
    List<Completion> ctx = RolloutEngine.generate(model, List.of(nearlyFull, new int[] {1}), SamplingConfig.greedy(5));
    assertEquals(StopReason.CONTEXT_FULL, ctx.get(0).stopReason());
    assertEquals(2, ctx.get(0).length());
    assertEquals(StopReason.MAX_NEW_TOKENS, ctx.get(1).stopReason());
    assertEquals(StopReason.CONTEXT_FULL,
        RolloutEngine.generate(model, List.of(new int[24]), SamplingConfig.greedy(5)).get(0).stopReason());
  }

  @Test
  void badPromptsAreNamed() {
    var tooLong = assertThrows(IllegalArgumentException.class,
        () -> RolloutEngine.generate(model, List.of(new int[] {1}, new int[25]), SamplingConfig.greedy(1)));
    assertEquals("prompt 1 has 25 tokens; expected 1 to 24 (the model's context, n_positions)", tooLong.getMessage());
    var empty = assertThrows(IllegalArgumentException.class,
        () -> RolloutEngine.generate(model, List.of(new int[0]), SamplingConfig.greedy(1)));
    assertTrue(empty.getMessage().contains("prompt 0 has 0 tokens"), empty.getMessage());
    var badId = assertThrows(IllegalArgumentException.class,
        () -> RolloutEngine.generate(model, List.of(new int[] {1, 12}), SamplingConfig.greedy(1)));
    assertTrue(badId.getMessage().contains("token id 12"), badId.getMessage());
    var temp = assertThrows(IllegalArgumentException.class, () -> SamplingConfig.sample(1, 0).withTemperature(0));
    assertTrue(temp.getMessage().contains("temperature 0.0"), temp.getMessage());
    assertTrue(GradMode.isEnabled(), "grad mode restored");
  }

  @Test
  void aNonFiniteLogitIsNamedWhatEverTheDecoding() {
    for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY}) {
      Gpt broken = new Gpt(GptConfig.of(2, 2, 16, 12, 24), 5);
      broken.namedParameters().get("transformer.wte.weight").data().getRow(10).assign(0).putScalar(3, bad); // token 10
      for (SamplingConfig c : List.of(SamplingConfig.sample(4, 1), SamplingConfig.sample(4, 1).withTemperature(0.5),
          SamplingConfig.sample(4, 1).withTopK(3), SamplingConfig.greedy(4))) {
        var e = assertThrows(NonFiniteException.class,
            () -> RolloutEngine.generate(broken, List.of(new int[] {1, 2}, new int[] {3}), c));
        assertTrue(e.getMessage().matches("sampling step 0, sequence [01]: the logit of token 10 is .*"),
            bad + ", " + c + ": " + e.getMessage());
      }
    }
  }
}
