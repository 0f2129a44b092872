package org.grpo4j.rl.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Score;
import org.grpo4j.rl.task.WeightedReward;
import org.grpo4j.transformer.sample.Completion;
import org.grpo4j.transformer.sample.StopReason;
import org.junit.jupiter.api.Test;

/** Reward functions that throw or hang are failures of one sample, never of the run. */
class RewardRunnerTest {
  static Sample sample(String text) {
    Completion c = new Completion(new int[] {1}, new double[] {0}, new double[] {0}, StopReason.STOP_TOKEN);
    return new Sample(0, 0, new Problem("p", "q", "r", null), new int[] {1}, c, text);
  }

  @Test
  void throwingAndHangingFunctionsAreRecordedAndTheOthersStillScore() {
    WeightedReward len = new WeightedReward("len", 2.0, (p, t) -> Score.of(t.length()));
    WeightedReward boom = new WeightedReward("boom", 1.0, (p, t) -> {
      if (t.equals("bad")) {
        throw new IllegalStateException("cannot parse");
      }
      return new Score(1, "correct", "ok");
    });
    WeightedReward hang = new WeightedReward("hang", 1.0, (p, t) -> {
      if (t.equals("slow")) {
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) { // ignores interrupts: the runner must neither wait for it nor starve
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            // ignored on purpose
          }
        }
      }
      return Score.of(0.5);
    });
    List<Sample> samples = new ArrayList<>(List.of(sample("bad"), sample("slow"), sample("fine"), sample("slow")));
    try (RewardRunner runner = new RewardRunner(List.of(len, boom, hang), 1, 0.2)) {
      long t0 = System.nanoTime();
      List<ScoredSample> out = runner.score(samples);
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(seconds < 5, "two timeouts of 0.2 s, took " + seconds);
      RewardOutcome bad = out.get(0).outcomes().get(1);
      assertEquals(RewardRunner.ERROR, bad.status());
      assertEquals(0, bad.reward());
      assertTrue(bad.detail().contains("cannot parse"), bad.detail());
      assertTrue(bad.failed());
      RewardOutcome slow = out.get(1).outcomes().get(2);
      assertEquals(RewardRunner.TIMEOUT, slow.status());
      assertEquals(RewardRunner.TIMEOUT, out.get(3).outcomes().get(2).status());
      assertEquals(2 * 4 + 1 + 0.5, out.get(2).reward(), 1e-12, "the others score normally after a hang");
      assertEquals(2 * 3 + 0 + 0.5, out.get(0).reward(), 1e-12, "a throwing function scores 0");
      assertFalse(out.get(2).outcomes().stream().anyMatch(RewardOutcome::failed));
    }
  }
}
