package org.grpo4j.tests.readme;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Score;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.WeightedReward;
import org.grpo4j.rl.train.ObjectiveName;
import org.grpo4j.rl.train.TrainConfig;
import org.grpo4j.rl.train.TrainSummary;
import org.grpo4j.rl.train.Trainer;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;

public final class ReadmeExample {
  /** Problem i: "copy: cab" -> "cab". */
  static Problem copy(long i) {
    String word = new SplittableRandom(i).ints(3, 'a', 'd').collect(StringBuilder::new,
        StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return new Problem("copy-" + i, "copy: " + word + "\n", word, word);
  }

  public static TrainSummary train(Path out) {
    WeightedReward exact = new WeightedReward("exact", 1.0,
        (problem, completion) -> Score.of(completion.strip().equals(problem.reference()) ? 1 : 0));
    Task task = Task.of("copy", i -> copy(i), LongStream.range(1_000_000, 1_000_064)
        .mapToObj(ReadmeExample::copy).toList(), List.of(exact));
    CharTokenizer chars = new CharTokenizer("abcdopy: \n", List.of("<|endoftext|>"));
    Gpt policy = new Gpt(GptConfig.of(2, 2, 32, chars.vocabSize(), 24), 1);
    TrainConfig config = TrainConfig.builder().objective(ObjectiveName.TIC_GRPO).maxSteps(20)
        .promptsPerStep(8).groupSize(8).innerSteps(2).lr(3e-3).maxNewTokens(6)
        .sftSteps(20).sftBatchSize(16).build();
    return Trainer.create(out, new ModelDirectory(policy, chars, null), task, config, null).run();
  }

  public static void main(String[] args) {
    System.out.println(train(Path.of(args[0])).lastEval());
  }
}
