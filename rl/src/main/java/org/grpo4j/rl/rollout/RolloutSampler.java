package org.grpo4j.rl.rollout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.tokenizer.InvalidUtf8Policy;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.sample.Completion;
import org.grpo4j.transformer.sample.RolloutEngine;
import org.grpo4j.transformer.sample.SamplingConfig;
import org.grpo4j.transformer.sample.StopReason;

/**
 * Samples groups of completions with the {@link RolloutEngine}: each prompt is repeated G times, and sequence i draws
 * from its own stream of (sampling seed, i), so the draws depend only on the seed, the prompts and the model. Old-policy log-probabilities are the sampler's
 * {@link Completion#policyLogProbs()}: softmax(logits / temperature), untruncated by top-k/top-p.
 */
public final class RolloutSampler {
  private final LanguageModel model;
  private final Tokenizer tokenizer;

  /** A sampler of {@code model}'s completions, encoded and decoded by {@code tokenizer}. */
  public RolloutSampler(LanguageModel model, Tokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
  }

  /** The prompt's token ids; throws naming the problem when it leaves no room to generate in the context. */
  public int[] encodePrompt(Problem problem) {
    int[] ids = tokenizer.encode(problem.prompt(), problem.promptTokens());
    int context = model.contextLength();
    if (ids.length == 0 || ids.length >= context) {
      throw new IllegalArgumentException("problem " + problem.id() + ": prompt of " + ids.length
          + " tokens; expected 1 to " + (context - 1) + " (the model's context leaves room to generate)");
    }
    return ids;
  }

  /**
   * {@code groupSize} completions of each problem (group {@code firstGroup + k} for problem k, stream positions
   * {@code indices}), sampled under {@code config}.
   */
  public List<Sample> sample(List<Problem> problems, long[] indices, int firstGroup, int groupSize,
      SamplingConfig config) {
    return sample(problems, indices, firstGroup, groupSize, config, null);
  }

  /**
   * {@link #sample(List, long[], int, int, SamplingConfig)} with {@code rolloutSlots} KV-cache slots (at least 1;
   * null = every sequence at once); the same seed and slot count give bit-identical samples.
   */
  public List<Sample> sample(List<Problem> problems, long[] indices, int firstGroup, int groupSize,
      SamplingConfig config, Integer rolloutSlots) {
    List<int[]> prompts = new ArrayList<>();
    for (Problem p : problems) {
      int[] ids = encodePrompt(p);
      for (int g = 0; g < groupSize; g++) {
        prompts.add(ids);
      }
    }
    List<Completion> out = RolloutEngine.generate(model, prompts, config, rolloutSlots);
    List<Sample> samples = new ArrayList<>(out.size());
    for (int i = 0; i < out.size(); i++) {
      int k = i / groupSize;
      samples.add(new Sample(firstGroup + k, indices[k], problems.get(k), prompts.get(i), out.get(i),
          text(out.get(i))));
    }
    return samples;
  }

  /** The decoded text of a completion without its final stop token (invalid UTF-8 replaced). */
  public String text(Completion c) {
    int[] t = c.tokens();
    int n = c.stopReason() == StopReason.STOP_TOKEN ? t.length - 1 : t.length;
    return tokenizer.decode(Arrays.copyOf(t, n), InvalidUtf8Policy.REPLACE);
  }
}
