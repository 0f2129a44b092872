package org.grpo4j.transformer;

import org.grpo4j.autograd.F;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.SeedStream;
import org.grpo4j.nn.memory.MemoryBudget;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The policy interface every decoder implements (GPT-2 and the Llama family), so that the sampler, the scorer, SFT
 * and the RL trainer take either: hidden states, an output head, a KV cache, and its Hugging Face config text. It is
 * an abstract class rather than a Java interface because a policy is a {@link Module} (parameters, modes, state).
 */
public abstract class LanguageModel extends Module {

  /**
   * Final hidden states (B, T, C) after the last norm; with a cache (inference only) row b continues slot b (see
   * {@link #hidden(SlotBatch, KvCache)}).
   */
  public Tensor hidden(TokenBatch tokens, KvCache cache) {
    if (cache != null) {
      return hidden(SlotBatch.ofRows(tokens), cache).reshape(tokens.batch(), tokens.time(), hiddenSize());
    }
    checkTokens(tokens, contextField());
    return run(tokens.ids(), tokens.positions(), tokens.batch(), tokens.time(), null);
  }

  /**
   * Final hidden states (1, N, C) of a pass through {@code cache} (inference only, under no-grad): each token
   * continues its slot's sequence and attends to that slot's positions up to its own.
   */
  public Tensor hidden(SlotBatch tokens, KvCache cache) {
    requireNoGrad(cache);
    checkTokens(tokens.ids(), tokens.positions(), contextField());
    cache.begin(tokens);
    Tensor out = run(tokens.ids(), tokens.positions(), 1, tokens.size(), cache);
    cache.advance();
    return out;
  }

  /**
   * The decoder itself: token ids and positions, b rows of t tokens, through the embeddings, every block (each
   * reading and extending {@code cache} when there is one) and the last norm: hidden states (b, t, C).
   */
  protected abstract Tensor run(int[] ids, int[] positions, int b, int t, KvCache cache);

  /** The config field that bounds positions, named in errors ("n_positions", "max_position_embeddings"). */
  protected abstract String contextField();

  /** Output head: hidden (..., C) -> logits (..., V). */
  public abstract Tensor head(Tensor hidden);

  /** An empty KV cache for {@code batch} sequences of up to {@code capacity} slots (checked against memory). */
  public abstract KvCache newCache(int batch, int capacity);

  /** Vocabulary size V (the head's width). */
  public abstract int vocabSize();

  /** The most positions a sequence may use (n_positions, max_position_embeddings). */
  public abstract int contextLength();

  /** Width C of the hidden states. */
  public abstract int hiddenSize();

  /** The element type of the parameters. */
  public abstract DataType dtype();

  /** The seed stream of the dropout masks (saved with training checkpoints; unused by dropout-free models). */
  public abstract SeedStream dropoutSeeds();

  /** A model of the same architecture and dtype with fresh weights drawn from {@code seed}. */
  public abstract LanguageModel newLike(long seed);

  /** The model's Hugging Face {@code config.json} text. */
  public abstract String configJson();

  /**
   * Throws unless {@code copies} copies of the parameters in {@code dtype} fit the memory ({@code purpose} says why).
   */
  public abstract void requireFits(MemoryBudget budget, int copies, DataType dtype, String purpose);

  /** Throws unless inference may use {@code cache}: gradients are off. */
  protected static void requireNoGrad(KvCache cache) {
    if (cache != null && GradMode.isEnabled()) {
      throw new IllegalStateException("the kv cache is for inference: call under GradMode.noGrad()");
    }
  }

  /** Logits (B, T, V); with a cache (inference only), row b continues slot b. */
  public Tensor forward(TokenBatch tokens, KvCache cache) {
    return head(hidden(tokens, cache));
  }

  /** Logits (1, N, V) of a pass through {@code cache} (inference only; see {@link #hidden(SlotBatch, KvCache)}). */
  public Tensor forward(SlotBatch tokens, KvCache cache) {
    return head(hidden(tokens, cache));
  }

  /** Logits (B, T, V) of equal-length rows of token ids (B, T). */
  public Tensor forward(int[][] ids) {
    return forward(TokenBatch.of(ids), null);
  }

  /** Mean next-token cross-entropy of logits over all positions: inputs and targets (B, T). */
  public Tensor loss(int[][] inputs, int[][] targets) {
    TokenBatch in = TokenBatch.of(inputs);
    TokenBatch out = TokenBatch.of(targets);
    if (out.batch() != in.batch() || out.time() != in.time()) {
      throw new IllegalArgumentException("targets (" + out.batch() + ", " + out.time() + ") do not match inputs ("
          + in.batch() + ", " + in.time() + ")");
    }
    return F.crossEntropy(forward(in, null), out.ids(), null);
  }

  /** Throws naming the first token id outside [0, V) or a position beyond the context. */
  protected final void checkTokens(TokenBatch tokens, String contextField) {
    checkTokens(tokens.ids(), tokens.positions(), contextField);
  }

  /** Throws naming the first token id outside [0, V) or a position outside [0, context). */
  protected final void checkTokens(int[] ids, int[] positions, String contextField) {
    for (int p : positions) {
      if (p < 0 || p >= contextLength()) {
        throw new IllegalArgumentException("position " + p + " is beyond the context of " + contextLength()
            + " positions (" + contextField + "); the sequence is too long for this model");
      }
    }
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < 0 || id >= vocabSize()) {
        throw new IllegalArgumentException("token id " + id + " at index " + i + " is outside the vocabulary [0, "
            + vocabSize() + ")");
      }
    }
  }
}
