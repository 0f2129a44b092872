package org.grpo4j.transformer.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.ScoredBatch;
import org.grpo4j.transformer.Scorer;
import org.grpo4j.transformer.SlotBatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The rollout-slot count: fewer slots than sequences still give every completion with the scorer's log-probs, a
 * finished sequence's slot takes the next waiting prompt while others still run (continuous batching), and the
 * same slot count and seed give bit-identical completions.
 */
class RolloutSlotsTest {
  @Test
  void fewerSlotsThanSequencesGiveEveryCompletionWithTheScorersLogProbs() {
    for (DataType dtype : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      LanguageModel model = RolloutEngineEquivalenceTest.llama(dtype);
      List<int[]> prompts = RolloutEngineEquivalenceTest.prompts();
      SamplingConfig c = RolloutEngineEquivalenceTest.config();
      double tol = dtype == DataType.DOUBLE ? 1e-10 : 1e-5;
      for (int slots : new int[] {1, 2, 5}) {
        List<Completion> out = RolloutEngine.generate(model, prompts, c, slots);
        assertEquals(prompts.size(), out.size());
        List<int[]> completions = new ArrayList<>();
        out.forEach(x -> completions.add(x.tokens()));
        try (var g = GradMode.noGrad()) {
          ScoredBatch plain = Scorer.score(model, prompts, completions);
          ScoredBatch tempered = Scorer.score(model, prompts, completions, c.temperature());
          for (int b = 0; b < prompts.size(); b++) {
            int n = out.get(b).length();
            String where = dtype + ", " + slots + " slots, sequence " + b;
            assertTrue(n > 0, where);
            assertArrayEquals(Arrays.copyOf(plain.logProbs().data().getRow(b).toDoubleVector(), n),
                out.get(b).modelLogProbs(), tol, where);
            assertArrayEquals(Arrays.copyOf(tempered.logProbs().data().getRow(b).toDoubleVector(), n),
                out.get(b).policyLogProbs(), tol, where);
          }
        }
      }
    }
  }

  @Test
  void aFinishedSlotTakesTheNextPromptWhileOthersRun() {
    LanguageModel model = RolloutEngineEquivalenceTest.gpt(DataType.FLOAT);
    List<int[]> prompts = RolloutEngineEquivalenceTest.prompts();
    List<SlotBatch> passes = new ArrayList<>();
    List<Completion> out = new RolloutEngine(model, 2, passes::add).generate(prompts,
        RolloutEngineEquivalenceTest.config());
    int prefills = 0;
    boolean joinedMidRun = false;
    int steps = 0;
    for (SlotBatch pass : passes) {
      boolean prefill = false;
      boolean decode = false;
      for (int i = 0; i < pass.size(); i++) {
        assertTrue(pass.slots()[i] == 0 || pass.slots()[i] == 1, "slot " + pass.slots()[i] + " of 2");
        boolean first = i == 0 || pass.slots()[i - 1] != pass.slots()[i];
        if (first && pass.positions()[i] == 0) {
          prefills++;
          prefill = true;
        } else if (first) {
          decode = true;
        }
      }
      joinedMidRun |= prefill && decode;
    }
    for (Completion c : out) {
      steps += c.length();
    }
    assertEquals(prompts.size(), prefills, "every prompt is prefilled once");
    assertTrue(joinedMidRun, "a new prompt joins a pass in which another sequence decodes");
    assertTrue(passes.size() < steps, passes.size() + " passes for " + steps + " tokens: sequences share passes");
    assertTrue(passes.size() > steps / 2 - 1, "at most 2 sequences per pass");
  }

  @Test
  void sameSlotCountAndSeedAreBitIdentical() {
    for (DataType dtype : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      LanguageModel model = RolloutEngineEquivalenceTest.gpt(dtype);
      List<int[]> prompts = RolloutEngineEquivalenceTest.prompts();
      List<Completion> a = RolloutEngine.generate(model, prompts, RolloutEngineEquivalenceTest.config(), 5);
      List<Completion> b = RolloutEngine.generate(model, prompts, RolloutEngineEquivalenceTest.config(), 5);
      for (int i = 0; i < prompts.size(); i++) {
        String where = dtype + ", sequence " + i;
        assertArrayEquals(a.get(i).tokens(), b.get(i).tokens(), where);
        assertArrayEquals(a.get(i).modelLogProbs(), b.get(i).modelLogProbs(), 0.0, where);
        assertArrayEquals(a.get(i).policyLogProbs(), b.get(i).policyLogProbs(), 0.0, where);
        assertArrayEquals(a.get(i).sampledLogProbs(), b.get(i).sampledLogProbs(), 0.0, where);
      }
    }
  }
}
