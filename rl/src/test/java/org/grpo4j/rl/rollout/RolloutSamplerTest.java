package org.grpo4j.rl.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.ScoredBatch;
import org.grpo4j.transformer.Scorer;
import org.grpo4j.transformer.sample.CacheMode;
import org.grpo4j.transformer.sample.Decoding;
import org.grpo4j.transformer.sample.SamplingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Group sampling: old-policy log-probabilities, groups, stop tokens and decoded text. */
class RolloutSamplerTest {
  static final CharTokenizer TOK = new CharTokenizer("abc\n", List.of("<|endoftext|>"));
  final Gpt model = new Gpt(GptConfig.of(2, 2, 32, TOK.vocabSize(), 64), 11);
  final RolloutSampler sampler = new RolloutSampler(model, TOK);
  final List<Problem> problems = List.of(new Problem("p0", "abc", "x", null), new Problem("p1", "c", "x", null));

  @ParameterizedTest
  @CsvSource({"1.0, 0, 1.0", "0.7, 3, 0.9", "1.6, 0, 1.0"})
  void samplerLogProbsEqualAFreshScoringPass(double temperature, int topK, double topP) {
    Set<Integer> stops = StopTokens.resolve(TOK, List.of("\n"));
    SamplingConfig c = new SamplingConfig(Decoding.SAMPLE, temperature, topK, topP, 12, stops, 5, CacheMode.KV_CACHE);
    List<Sample> samples = sampler.sample(problems, new long[] {7, 8}, 3, 4, c);
    assertEquals(8, samples.size());
    List<int[]> prompts = new ArrayList<>();
    List<int[]> completions = new ArrayList<>();
    samples.forEach(s -> {
      prompts.add(s.prompt());
      completions.add(s.completion().tokens());
    });
    try (var g = GradMode.noGrad()) {
      ScoredBatch scored = Scorer.score(model, prompts, completions, temperature);
      for (int i = 0; i < samples.size(); i++) {
        double[] want = samples.get(i).completion().policyLogProbs();
        double[] got = Arrays.copyOf(scored.logProbs().data().getRow(i).toDoubleVector(), want.length);
        assertArrayEquals(want, got, 1e-5, "sample " + i);
      }
    }
    assertEquals(3, samples.get(0).group());
    assertEquals(4, samples.get(7).group());
    assertEquals(8, samples.get(7).problemIndex());
  }

  @Test
  void fewerRolloutSlotsGiveTheSameSamplesAndAFixedCountIsBitIdentical() {
    SamplingConfig c = SamplingConfig.sample(12, 5).withStopTokens(StopTokens.resolve(TOK, List.of("\n")));
    List<Sample> all = sampler.sample(problems, new long[] {7, 8}, 0, 4, c);
    List<Sample> three = sampler.sample(problems, new long[] {7, 8}, 0, 4, c, 3);
    List<Sample> again = sampler.sample(problems, new long[] {7, 8}, 0, 4, c, 3);
    assertEquals(all.size(), three.size());
    for (int i = 0; i < all.size(); i++) {
      assertArrayEquals(all.get(i).completion().tokens(), three.get(i).completion().tokens(), "sample " + i);
      assertEquals(all.get(i).text(), three.get(i).text(), "sample " + i);
      assertEquals(all.get(i).group(), three.get(i).group(), "sample " + i);
      assertArrayEquals(all.get(i).completion().policyLogProbs(), three.get(i).completion().policyLogProbs(), 1e-5,
          "sample " + i);
      assertArrayEquals(three.get(i).completion().policyLogProbs(), again.get(i).completion().policyLogProbs(), 0.0,
          "sample " + i + ", same slot count");
    }
  }

  @Test
  void stopTokensEndCompletionsAndAreLeftOutOfTheText() {
    Set<Integer> stops = StopTokens.resolve(TOK, List.of("\n"));
    assertEquals(Set.of(3, 4), stops); // "\n" and <|endoftext|>
    SamplingConfig c = SamplingConfig.sample(30, 2).withStopTokens(stops).withTemperature(2.0);
    List<Sample> samples = sampler.sample(problems, new long[2], 0, 6, c);
    boolean stopped = false;
    for (Sample s : samples) {
      int[] t = s.completion().tokens();
      if (!s.truncated()) {
        stopped = true;
        assertTrue(stops.contains(t[t.length - 1]));
        assertEquals(t.length - 1, s.text().length(), "the stop token is not part of the text");
      }
      assertTrue(s.text().chars().allMatch(ch -> "abc".indexOf(ch) >= 0), s.text());
    }
    assertTrue(stopped, "at temperature 2 some completion hits a stop token within 30 tokens");
  }

  @Test
  void multiTokenStopStringsAndOverlongPromptsAreErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StopTokens.resolve(TOK, List.of("ab")));
    assertTrue(e.getMessage().contains("'ab'") && e.getMessage().contains("2 tokens"), e.getMessage());
    Problem huge = new Problem("big", "a".repeat(64), "x", null);
    IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> sampler.encodePrompt(huge));
    assertTrue(p.getMessage().contains("problem big"), p.getMessage());
  }

  @Test
  void softOverlongPenaltyFollowsDapo() {
    assertEquals(0, OverlongMode.softPenalty(12, 20, 8, 1.0));
    assertEquals(-0.5, OverlongMode.softPenalty(16, 20, 8, 1.0), 1e-12);
    assertEquals(-1.0, OverlongMode.softPenalty(20, 20, 8, 1.0));
  }

  @Test
  void advantageEstimators() {
    double[] r = {1, 0, 0, 1, 1, 1};
    int[] g = {0, 0, 0, 1, 1, 1};
    assertArrayEquals(new double[] {2 / 3.0, -1 / 3.0, -1 / 3.0, 0, 0, 0}, AdvantageEstimator.MEAN_ONLY.compute(r, g),
        1e-12);
    assertArrayEquals(new double[] {1, -0.5, -0.5, 0, 0, 0}, AdvantageEstimator.LEAVE_ONE_OUT.compute(r, g), 1e-12);
    assertArrayEquals(r, AdvantageEstimator.NONE.compute(r, g));
  }
}
