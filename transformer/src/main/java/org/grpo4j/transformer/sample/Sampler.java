package org.grpo4j.transformer.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Nd;
import org.grpo4j.nn.ModeScope;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.KvCache;
import org.grpo4j.transformer.TokenBatch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Generates continuations of a batch of prompts under {@code GradMode.noGrad()} with the model in eval mode.
 * Ragged prompts are left-padded: padding is masked as attention keys and real tokens get positions 0.. as if
 * unpadded, so every sequence sees exactly what it would see alone. All draws come from one generator seeded by
 * the config (rows drawn in order at each step), so the same seed, prompts and model give the same samples.
 */
public final class Sampler {
  private static final int PAD = 0;

  private Sampler() {}

  /** One completion per prompt (prompts are non-empty and at most n_positions tokens long). */
  public static List<Completion> generate(LanguageModel model, List<int[]> prompts, SamplingConfig config) {
    int nPositions = model.contextLength();
    int v = model.vocabSize();
    int batch = prompts.size();
    if (batch == 0) {
      throw new IllegalArgumentException("sampling: no prompts");
    }
    int minLen = Integer.MAX_VALUE;
    int maxLen = 0;
    for (int b = 0; b < batch; b++) {
      int len = prompts.get(b).length;
      if (len == 0 || len > nPositions) {
        throw new IllegalArgumentException("prompt " + b + " has " + len + " tokens; expected 1 to " + nPositions
            + " (the model's context, n_positions)");
      }
      minLen = Math.min(minLen, len);
      maxLen = Math.max(maxLen, len);
    }
    for (int stop : config.stopTokens()) {
      if (stop < 0 || stop >= v) {
        throw new IllegalArgumentException("stop token id " + stop + " is outside the model's vocabulary [0, " + v
            + ")");
      }
    }
    int maxSteps = Math.min(config.maxNewTokens(), nPositions - minLen);
    SplittableRandom rng = new SplittableRandom(config.seed());
    List<Generated> out = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      out.add(new Generated(prompts.get(b), Math.min(config.maxNewTokens(), nPositions - prompts.get(b).length)));
    }
    try (GradMode.Scope g = GradMode.noGrad(); ModeScope m = model.eval()) {
      KvCache cache = config.cacheMode() == CacheMode.KV_CACHE && maxSteps > 0
          ? model.newCache(batch, maxLen + maxSteps) : null;
      float[] rows = step(() -> model.forward(TokenBatch.leftPadded(prompts, PAD), cache).data());
      while (true) {
        boolean anyActive = false;
        for (int b = 0; b < batch; b++) {
          Generated s = out.get(b);
          if (s.reason == null) {
            checkFinite(rows, b, v, s.n);
            s.choose(rows, b * v, v, config, rng);
            anyActive |= s.reason == null;
          }
        }
        if (!anyActive) {
          break;
        }
        rows = cache != null ? step(() -> decode(model, out, cache)) : step(() -> recompute(model, out));
      }
    }
    List<Completion> result = new ArrayList<>(batch);
    for (Generated s : out) {
      result.add(s.toCompletion());
    }
    return result;
  }

  /**
   * Runs one forward pass in a recycling memory scope (the next step reuses its buffers; nothing of it escapes
   * but the copied logits) and returns the last position's logits (B, V) as floats.
   */
  private static float[] step(java.util.function.Supplier<INDArray> forward) {
    try (MemoryScope scope = MemoryScope.recycling()) {
      return Nd.toFloats(lastLogits(forward.get()));
    }
  }

  /** Throws naming the step, the sequence and the token unless row {@code b} of {@code rows} is finite. */
  private static void checkFinite(float[] rows, int b, int v, int step) {
    for (int i = b * v; i < (b + 1) * v; i++) {
      if (!Float.isFinite(rows[i])) {
        throw new org.grpo4j.transformer.NonFiniteException("sampling step " + step + ", sequence " + b
            + ": the logit of token " + (i - b * v), rows[i]);
      }
    }
  }

  /** Feeds each sequence's last token at its own next position; finished sequences repeat theirs (ignored). */
  private static INDArray decode(LanguageModel model, List<Generated> seqs, KvCache cache) {
    int batch = seqs.size();
    int[] ids = new int[batch];
    int[] pos = new int[batch];
    int maxPos = model.contextLength() - 1;
    for (int b = 0; b < batch; b++) {
      Generated s = seqs.get(b);
      ids[b] = s.lastToken();
      pos[b] = Math.min(s.length() - 1, maxPos);
    }
    return model.forward(new TokenBatch(batch, 1, ids, pos, null), cache).data();
  }

  /** A full forward pass over every left-padded prompt + generated sequence. */
  private static INDArray recompute(LanguageModel model, List<Generated> seqs) {
    List<int[]> full = new ArrayList<>(seqs.size());
    for (Generated s : seqs) {
      full.add(s.sequence());
    }
    return model.forward(TokenBatch.leftPadded(full, PAD), null).data();
  }

  /** logits (B, T, V) -> the last position (B, V). */
  private static INDArray lastLogits(INDArray logits) {
    return logits.get(NDArrayIndex.all(), NDArrayIndex.point(logits.size(1) - 1), NDArrayIndex.all());
  }

  /** The growing state of one sequence. */
  private static final class Generated {
    private final int[] prompt;
    private final int limit;
    private final int[] tokens;
    private final double[] sampled;
    private final double[] model;
    private final double[] policy;
    private int n;
    private StopReason reason;

    Generated(int[] prompt, int limit) {
      this.prompt = prompt;
      this.limit = limit;
      this.tokens = new int[Math.max(0, limit)];
      this.sampled = new double[tokens.length];
      this.model = new double[tokens.length];
      this.policy = new double[tokens.length];
      if (limit <= 0) {
        reason = StopReason.CONTEXT_FULL;
      }
    }

    void choose(float[] rows, int from, int v, SamplingConfig c, SplittableRandom rng) {
      int token;
      double logq;
      if (c.decoding() == Decoding.GREEDY) {
        token = TokenDistribution.argmax(rows, from, v);
        logq = 0.0;
      } else {
        double[] q = TokenDistribution.filtered(rows, from, v, c.temperature(), c.topK(), c.topP());
        token = TokenDistribution.draw(q, rng.nextDouble());
        logq = Math.log(q[token]);
      }
      tokens[n] = token;
      sampled[n] = logq;
      model[n] = TokenDistribution.logSoftmaxAt(rows, from, v, token);
      policy[n] = c.temperature() == 1.0 ? model[n] : TokenDistribution.logSoftmaxAt(rows, from, v, token,
          c.temperature());
      n++;
      if (c.stopTokens().contains(token)) {
        reason = StopReason.STOP_TOKEN;
      } else if (n == limit) {
        reason = n == c.maxNewTokens() ? StopReason.MAX_NEW_TOKENS : StopReason.CONTEXT_FULL;
      }
    }

    int lastToken() {
      return n == 0 ? prompt[prompt.length - 1] : tokens[n - 1];
    }

    int length() {
      return prompt.length + n;
    }

    int[] sequence() {
      int[] s = Arrays.copyOf(prompt, prompt.length + n);
      System.arraycopy(tokens, 0, s, prompt.length, n);
      return s;
    }

    Completion toCompletion() {
      return new Completion(Arrays.copyOf(tokens, n), Arrays.copyOf(sampled, n), Arrays.copyOf(model, n),
          Arrays.copyOf(policy, n), reason);
    }
  }
}
