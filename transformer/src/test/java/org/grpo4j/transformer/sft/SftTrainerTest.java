package org.grpo4j.transformer.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.nn.optim.LrSchedule;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.sample.Completion;
import org.grpo4j.transformer.sample.RolloutEngine;
import org.grpo4j.transformer.sample.SamplingConfig;
import org.junit.jupiter.api.Test;

/** Supervised fine-tuning learns completions (and only completions) of prompts. */
class SftTrainerTest {
  static final List<SftExample> DATA = List.of(
      new SftExample(new int[] {1, 2}, new int[] {7, 8, 9}),
      new SftExample(new int[] {3}, new int[] {9, 9, 4, 0}),
      new SftExample(new int[] {4, 4, 5}, new int[] {6, 1}),
      new SftExample(new int[] {6, 2}, new int[] {11, 10, 3}));

  @Test
  void aSmallModelLearnsEveryCompletionAndShowsProgress() {
    Gpt model = new Gpt(GptConfig.of(2, 2, 32, 12, 16), 2);
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(1e-2), 0.0);
    List<Double> heard = new java.util.ArrayList<>();
    SftResult r = new SftTrainer(model, opt, new SftConfig(80, 4, new LrSchedule.Constant(1e-2), 0.0, 1.0, 3))
        .train(DATA, (step, steps, loss) -> {
          assertEquals(heard.size() + 1, step);
          assertEquals(80, steps);
          heard.add(loss);
        });
    assertTrue(r.losses()[0] > 2.0, "starts near ln 12: " + r.losses()[0]);
    assertTrue(r.finalLoss() < 0.02, "completions memorized: loss " + r.finalLoss());
    assertEquals(80, opt.steps());
    for (SftExample e : DATA) {
      Completion c = RolloutEngine.generate(model, List.of(e.prompt()), SamplingConfig.greedy(e.completion().length))
          .get(0);
      assertArrayEquals(e.completion(), c.tokens(), "greedy completion of " + java.util.Arrays.toString(e.prompt()));
    }
    assertEquals(80, heard.size(), "the listener heard every step");
    assertEquals(r.finalLoss(), heard.get(79), 0.0);
  }

  @Test
  void badDataIsNamed() {
    Gpt model = new Gpt(GptConfig.of(1, 1, 4, 12, 4), 2);
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(1e-2), 0.0);
    SftTrainer t = new SftTrainer(model, opt, new SftConfig(1, 1, new LrSchedule.Constant(1e-2), 0.0, 0.0, 3));
    var tooLong = assertThrows(IllegalArgumentException.class,
        () -> t.train(List.of(new SftExample(new int[] {1, 2, 3}, new int[] {1, 2, 3})), SftListener.NONE));
    assertTrue(tooLong.getMessage().contains("example 0 has 3 prompt + 3 completion tokens"), tooLong.getMessage());
    var empty = assertThrows(IllegalArgumentException.class, () -> new SftExample(new int[] {1}, new int[0]));
    assertTrue(empty.getMessage().contains("got 1 and 0 tokens"), empty.getMessage());
  }
}
