package org.grpo4j.transformer.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.Llama;
import org.grpo4j.transformer.LlamaConfig;
import org.grpo4j.transformer.ModelFamily;
import org.grpo4j.transformer.ScoredBatch;
import org.grpo4j.transformer.Scorer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The rollout engine against independent references: the same completions for any slot count (continuous batching
 * must not change a sequence's draws or logits), log-probabilities equal to scoring the finished sequences with a
 * full forward pass, and greedy decoding equal to a step-by-step argmax over full passes; for GPT-2 and a
 * grouped-query Qwen2 shape, float32 and float64, ragged prompts and stop tokens.
 */
class RolloutEngineEquivalenceTest {
  static final int GROUP = 3;

  static Gpt gpt(DataType dtype) {
    return boosted(new Gpt(GptConfig.of(2, 2, 16, 20, 28), 11, dtype));
  }

  static Llama llama(DataType dtype) { // 4 query heads share 2 key/value heads
    return boosted(new Llama(LlamaConfig.of(ModelFamily.QWEN2, 2, 16, 4, 2, 32, 20, 28), 12, dtype));
  }

  /** Weights scaled up so attention is peaky and logits far from uniform: every slot and position matters. */
  static <M extends LanguageModel> M boosted(M model) {
    model.namedParameters().forEach((name, p) -> p.data().muli(4));
    return model;
  }

  /** Ragged prompts, each repeated GROUP times (as GRPO rollouts are). */
  static List<int[]> prompts() {
    SplittableRandom r = new SplittableRandom(5);
    List<int[]> out = new ArrayList<>();
    for (int len : new int[] {1, 7, 3, 12}) {
      int[] p = r.ints(len, 0, 20).toArray();
      for (int g = 0; g < GROUP; g++) {
        out.add(p);
      }
    }
    return out;
  }

  static SamplingConfig config() { // stop token 3 ends some sequences early, so slots are reused mid-run
    return SamplingConfig.sample(10, 99).withTemperature(1.3).withTopK(12).withStopTokens(Set.of(3));
  }

  @Test
  void completionsAreIdenticalForAnySlotCountGpt() {
    sameForSlotCounts(gpt(DataType.FLOAT));
  }

  @Test
  void completionsAreIdenticalForAnySlotCountLlama() {
    sameForSlotCounts(llama(DataType.FLOAT));
  }

  /**
   * Slot counts 1, 3 and B give the same tokens and stop reasons, and log-probabilities equal to float32 rounding: each
   * sequence's draws come from its own stream, and its logits differ only in how OpenBLAS rounds a row of a GEMM
   * with a different number of rows (measured: sgemm's result for one row depends on the row count and position).
   * The same slot count and seed give bit-identical runs.
   */
  private static void sameForSlotCounts(LanguageModel model) {
    List<int[]> prompts = prompts();
    List<Completion> all = new RolloutEngine(model, prompts.size()).generate(prompts, config());
    List<Completion> again = new RolloutEngine(model, prompts.size()).generate(prompts, config());
    for (int i = 0; i < prompts.size(); i++) {
      assertArrayEquals(all.get(i).tokens(), again.get(i).tokens(), "rerun, sequence " + i);
      assertArrayEquals(all.get(i).sampledLogProbs(), again.get(i).sampledLogProbs(), 0.0, "rerun, sequence " + i);
      assertArrayEquals(all.get(i).modelLogProbs(), again.get(i).modelLogProbs(), 0.0, "rerun, sequence " + i);
      assertArrayEquals(all.get(i).policyLogProbs(), again.get(i).policyLogProbs(), 0.0, "rerun, sequence " + i);
    }
    boolean stopped = false;
    boolean ranToTheEnd = false;
    for (Completion c : all) {
      stopped |= c.stopReason() == StopReason.STOP_TOKEN;
      ranToTheEnd |= c.stopReason() == StopReason.MAX_NEW_TOKENS;
    }
    assertTrue(stopped && ranToTheEnd, "the run mixes early stops with full-length sequences");
    for (int slots : new int[] {1, 3}) {
      List<Completion> fewer = new RolloutEngine(model, slots).generate(prompts, config());
      for (int i = 0; i < prompts.size(); i++) {
        Completion a = all.get(i);
        Completion b = fewer.get(i);
        String where = slots + " slots, sequence " + i;
        assertArrayEquals(a.tokens(), b.tokens(), where);
        assertArrayEquals(a.sampledLogProbs(), b.sampledLogProbs(), 1e-5, where);
        assertArrayEquals(a.modelLogProbs(), b.modelLogProbs(), 1e-5, where);
        assertArrayEquals(a.policyLogProbs(), b.policyLogProbs(), 1e-5, where);
        assertEquals(a.stopReason(), b.stopReason(), where);
      }
    }
  }

  @Test
  void logProbsEqualScoringTheSequencesGptFloat32() {
    logProbsMatchScorer(gpt(DataType.FLOAT), 1e-5);
  }

  @Test
  void logProbsEqualScoringTheSequencesGptFloat64() {
    logProbsMatchScorer(gpt(DataType.DOUBLE), 1e-10);
  }

  @Test
  void logProbsEqualScoringTheSequencesLlamaFloat32() {
    logProbsMatchScorer(llama(DataType.FLOAT), 1e-5);
  }

  @Test
  void logProbsEqualScoringTheSequencesLlamaFloat64() {
    logProbsMatchScorer(llama(DataType.DOUBLE), 1e-10);
  }

  /** Model and tempered policy log-probs of every generated token against a full scoring pass, with 3 slots. */
  private static void logProbsMatchScorer(LanguageModel model, double tol) {
    List<int[]> prompts = prompts();
    SamplingConfig c = config();
    List<Completion> out = new RolloutEngine(model, 3).generate(prompts, c);
    List<int[]> completions = new ArrayList<>();
    out.forEach(x -> completions.add(x.tokens()));
    try (var g = GradMode.noGrad()) {
      ScoredBatch plain = Scorer.score(model, prompts, completions);
      ScoredBatch tempered = Scorer.score(model, prompts, completions, c.temperature());
      for (int b = 0; b < prompts.size(); b++) {
        int n = out.get(b).length();
        assertTrue(n > 0, "sequence " + b + " generated tokens");
        assertArrayEquals(Arrays.copyOf(plain.logProbs().data().getRow(b).toDoubleVector(), n),
            out.get(b).modelLogProbs(), tol, "model log-probs, sequence " + b);
        assertArrayEquals(Arrays.copyOf(tempered.logProbs().data().getRow(b).toDoubleVector(), n),
            out.get(b).policyLogProbs(), tol, "policy log-probs, sequence " + b);
      }
    }
  }

  @Test
  void greedyEqualsArgmaxOverFullPassesGpt() {
    greedyMatchesReference(gpt(DataType.FLOAT));
  }

  @Test
  void greedyEqualsArgmaxOverFullPassesLlama() {
    greedyMatchesReference(llama(DataType.FLOAT));
  }

  /** The old sampler's greedy rule, one sequence at a time without a cache: append argmax of the last logits. */
  private static void greedyMatchesReference(LanguageModel model) {
    List<int[]> prompts = prompts();
    List<Completion> out = new RolloutEngine(model, 2).generate(prompts, SamplingConfig.greedy(8));
    try (var g = GradMode.noGrad()) {
      for (int b = 0; b < prompts.size(); b++) {
        int[] seq = prompts.get(b);
        int[] want = new int[8];
        for (int j = 0; j < 8; j++) {
          double[] logits = org.grpo4j.autograd.Nd.toDoubles(model.forward(new int[][] {seq}).data());
          int v = model.vocabSize();
          want[j] = TokenDistribution.argmax(logits, (seq.length - 1) * v, v);
          seq = Arrays.copyOf(seq, seq.length + 1);
          seq[seq.length - 1] = want[j];
        }
        assertArrayEquals(want, out.get(b).tokens(), "sequence " + b);
      }
    }
  }

  @Test
  void recomputationGivesTheSameCompletions() {
    LanguageModel model = llama(DataType.FLOAT);
    List<int[]> prompts = prompts();
    List<Completion> cached = new RolloutEngine(model, 4).generate(prompts, config());
    List<Completion> full = new RolloutEngine(model, 4).generate(prompts, config().withCacheMode(CacheMode.RECOMPUTE));
    for (int i = 0; i < prompts.size(); i++) {
      assertArrayEquals(full.get(i).tokens(), cached.get(i).tokens(), "sequence " + i);
      assertArrayEquals(full.get(i).modelLogProbs(), cached.get(i).modelLogProbs(), 1e-5, "sequence " + i);
    }
  }

  @Test
  void badInputIsNamed() {
    LanguageModel model = gpt(DataType.FLOAT);
    var slots = assertThrows(IllegalArgumentException.class, () -> new RolloutEngine(model, 0));
    assertEquals("rollout slots 0 must be at least 1", slots.getMessage());
    var negative = assertThrows(IllegalArgumentException.class,
        () -> RolloutEngine.generate(model, prompts(), config(), -1));
    assertEquals("rollout slots -1 must be at least 1", negative.getMessage());
    RolloutEngine engine = new RolloutEngine(model, 2);
    var empty = assertThrows(IllegalArgumentException.class,
        () -> engine.generate(List.of(new int[] {1}, new int[0]), SamplingConfig.greedy(1)));
    assertEquals("prompt 1 has 0 tokens; expected 1 to 28 (the model's context, n_positions)", empty.getMessage());
    var tooLong = assertThrows(IllegalArgumentException.class,
        () -> engine.generate(List.of(new int[29]), SamplingConfig.greedy(1)));
    assertEquals("prompt 0 has 29 tokens; expected 1 to 28 (the model's context, n_positions)", tooLong.getMessage());
    var none = assertThrows(IllegalArgumentException.class, () -> engine.generate(List.of(), SamplingConfig.greedy(1)));
    assertEquals("sampling: no prompts", none.getMessage());
    var stop = assertThrows(IllegalArgumentException.class,
        () -> engine.generate(List.of(new int[] {1}), SamplingConfig.greedy(1).withStopTokens(Set.of(20))));
    assertEquals("stop token id 20 is outside the model's vocabulary [0, 20)", stop.getMessage());
  }
}
