package org.grpo4j.rl.train;

import java.util.ArrayList;
import java.util.List;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.RewardFunction;
import org.grpo4j.rl.task.Score;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.WeightedReward;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.nd4j.linalg.api.buffer.DataType;

/** A tiny task over the alphabet {a, b}: the reward is the fraction of 'b' in the completion. */
final class TinyTask implements Task {
  static final CharTokenizer TOKENIZER = new CharTokenizer("ab", List.of("<|endoftext|>"));
  private final List<WeightedReward> rewards;

  TinyTask() {
    this(List.of(new WeightedReward("bs", 1.0, TinyTask::fractionOfB)));
  }

  TinyTask(List<WeightedReward> rewards) {
    this.rewards = rewards;
  }

  static Score fractionOfB(Problem p, String text) {
    if (text.isEmpty()) {
      return new Score(0, "no_answer", null);
    }
    long b = text.chars().filter(c -> c == 'b').count();
    return new Score((double) b / text.length(), b == text.length() ? "correct" : "wrong", null);
  }

  /** A model directory with a fresh tiny model (1 layer, 2 heads, width 32, context 64). */
  static ModelDirectory policy(long seed, DataType dtype) {
    return new ModelDirectory(new Gpt(GptConfig.of(1, 2, 32, TOKENIZER.vocabSize(), 64), seed, dtype), TOKENIZER,
        null);
  }

  /** The task with an extra reward function. */
  TinyTask plus(String name, RewardFunction f) {
    List<WeightedReward> all = new ArrayList<>(rewards);
    all.add(new WeightedReward(name, 0.5, f));
    return new TinyTask(all);
  }

  @Override
  public String name() {
    return "tiny";
  }

  @Override
  public Problem trainProblem(long index) {
    String prompt = (index % 3 == 0) ? "a" : (index % 3 == 1 ? "ab" : "ba");
    return new Problem("train-" + index, prompt, "b", "bbb");
  }

  @Override
  public List<Problem> heldOut() {
    return List.of(new Problem("h0", "a", "b", null), new Problem("h1", "ab", "b", null),
        new Problem("h2", "ba", "b", null));
  }

  @Override
  public List<WeightedReward> rewards() {
    return rewards;
  }
}
