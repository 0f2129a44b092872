package org.grpo4j.rl.train;

import java.util.ArrayList;
import java.util.List;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.nn.optim.LrSchedule;
import org.grpo4j.rl.rollout.StopTokens;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Task;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.sft.SftConfig;
import org.grpo4j.transformer.sft.SftExample;
import org.grpo4j.transformer.sft.SftListener;
import org.grpo4j.transformer.sft.SftTrainer;

/**
 * The supervised warm start before RL: sftSteps steps of {@link SftTrainer} (its own AdamW at sftLr) on the first
 * sftSteps x sftBatchSize training problems that have a solution (at most 65,536), each solution followed by the
 * token that ends an answer, so the policy learns to stop: the chat template's end-of-turn token for a chat task
 * ({@link Task#endOfAnswerTokens}), else the tokenizer's {@code <|endoftext|>} when it has one.
 */
final class WarmStart {
  private static final int MAX_EXAMPLES = 1 << 16;

  private WarmStart() {}

  static void run(LanguageModel model, Tokenizer tokenizer, Task task, TrainConfig config, SftListener listener) {
    List<SftExample> data = examples(tokenizer, task, config);
    AdamW sftOptimizer = AdamW.forModel(model, AdamWConfig.of(config.sftLr()), config.weightDecay());
    SftConfig sft = new SftConfig(config.sftSteps(), config.sftBatchSize(), new LrSchedule.Constant(config.sftLr()),
        config.weightDecay(), config.gradClip(), StepSeeds.of(config.seed(), 0, StepSeeds.Purpose.SFT, 0));
    new SftTrainer(model, sftOptimizer, sft).train(data, listener);
  }

  /** The warm start's examples: (prompt, solution + the end-of-answer token) of the first problems with a solution. */
  static List<SftExample> examples(Tokenizer tokenizer, Task task, TrainConfig config) {
    int wanted = (int) Math.min(MAX_EXAMPLES, (long) config.sftSteps() * config.sftBatchSize());
    List<String> endOfTurn = task.endOfAnswerTokens(tokenizer);
    int eos = tokenizer.specialTokenId(endOfTurn.isEmpty() ? StopTokens.END_OF_TEXT : endOfTurn.get(0)).orElse(-1);
    List<SftExample> data = new ArrayList<>();
    for (long i = 0; data.size() < wanted && i < 4L * wanted; i++) {
      Problem p = task.trainProblem(i);
      if (p.solution() == null || p.solution().isEmpty()) {
        continue;
      }
      int[] solution = tokenizer.encode(p.solution());
      int[] completion = eos < 0 ? solution : java.util.Arrays.copyOf(solution, solution.length + 1);
      if (eos >= 0) {
        completion[solution.length] = eos;
      }
      data.add(new SftExample(tokenizer.encode(p.prompt(), p.promptTokens()), completion));
    }
    if (data.isEmpty()) {
      throw new IllegalArgumentException("sft warm start: task " + task.name() + " gave no problem with a solution "
          + "among its first " + 4L * wanted + " training problems; set sft steps to 0");
    }
    return data;
  }
}
