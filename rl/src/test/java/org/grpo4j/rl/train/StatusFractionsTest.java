package org.grpo4j.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.grpo4j.rl.rollout.RewardOutcome;
import org.grpo4j.rl.rollout.Sample;
import org.grpo4j.rl.rollout.ScoredSample;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.StatusCounts;
import org.grpo4j.transformer.sample.Completion;
import org.grpo4j.transformer.sample.StopReason;
import org.junit.jupiter.api.Test;

/** The status metrics a task asks for: fractions per word, listed words always present, other rewards ignored. */
class StatusFractionsTest {
  private static ScoredSample scored(String testsStatus, String formatStatus) {
    Completion c = new Completion(new int[] {1}, new double[] {0}, new double[] {0}, StopReason.STOP_TOKEN);
    Sample s = new Sample(0, 0, new Problem("p", "q", "r", null), new int[] {1}, c, "x");
    return new ScoredSample(s, List.of(new RewardOutcome("tests", 1, 0, testsStatus, null),
        new RewardOutcome("format", 1, 0, formatStatus, null)), 0);
  }

  @Test
  void countsEachWordOfTheNamedRewardAsAFraction() {
    List<ScoredSample> samples = List.of(scored("passed", "ok"), scored("failed", "ok"), scored("passed", "bad"),
        scored("timeout", "ok"), scored("weird status!", "ok"));
    Map<String, Double> m = StatusFractions.of(samples,
        List.of(new StatusCounts("tests", "code", List.of("passed", "failed", "syntax_error"))));
    assertEquals(0.4, m.get("code/status/passed"), 1e-12);
    assertEquals(0.2, m.get("code/status/failed"), 1e-12);
    assertEquals(0.0, m.get("code/status/syntax_error"), 0.0, "a listed word is written even when absent");
    assertEquals(0.2, m.get("code/status/timeout"), 1e-12, "an unlisted word seen is written too");
    assertEquals(0.2, m.get("code/status/other"), 1e-12, "a word that is no metric name counts as other");
    assertEquals(5, m.size(), "only the tests reward's words: " + m);
    assertEquals(1.0, m.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
  }

  @Test
  void noCountsAskedMeansNoMetricsAndBadNamesAreRefused() {
    assertTrue(StatusFractions.of(List.of(scored("passed", "ok")), List.of()).isEmpty());
    Map<String, Double> none = StatusFractions.of(List.of(),
        List.of(new StatusCounts("tests", "code", List.of("passed"))));
    assertEquals(Map.of("code/status/passed", 0.0), none);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StatusCounts("tests", "code/x", List.of()));
    assertTrue(e.getMessage().contains("code/x"), e.getMessage());
  }
}
