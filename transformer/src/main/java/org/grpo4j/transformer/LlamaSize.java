package org.grpo4j.transformer;

import static org.grpo4j.nn.memory.MemoryBudget.plus;
import static org.grpo4j.nn.memory.MemoryBudget.times;

import java.util.Locale;
import org.grpo4j.nn.memory.MemoryBudget;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A Llama-family model's size from its config alone, in saturating 64-bit arithmetic: parameters, bytes, KV-cache
 * bytes, and the check (before anything is allocated) that it fits the memory, naming the dominant field.
 */
public record LlamaSize(LlamaConfig config) {
  /** Requires a config. */
  public LlamaSize {
    if (config == null) {
      throw new IllegalArgumentException("LlamaSize needs a config");
    }
  }

  /** Parameters of one block: q, k, v, o projections (and biases), q/k norms, the SwiGLU MLP, two norms. */
  public long perBlock() {
    LlamaConfig c = config;
    long d = c.hiddenSize();
    long qDim = times(c.nHead(), c.headDim());
    long kvDim = times(c.nKvHead(), c.headDim());
    long attn = plus(times(2, times(d, qDim)), times(2, times(d, kvDim)));
    long bias = c.attentionBias() ? plus(qDim, times(2, kvDim)) : 0;
    long norms = plus(times(2, d), c.qkNorm() ? times(2, c.headDim()) : 0);
    long mlp = times(3, times(d, c.intermediateSize()));
    return plus(plus(attn, bias), plus(norms, mlp));
  }

  /** Parameters of every block. */
  public long blocks() {
    return times(config.nLayer(), perBlock());
  }

  /** All parameters: embeddings, blocks, the final norm and (untied) the output head. */
  public long parameters() {
    long emb = times(config.vocabSize(), config.hiddenSize());
    return plus(plus(emb, config.tieWordEmbeddings() ? 0 : emb), plus(blocks(), config.hiddenSize()));
  }

  /** Bytes of the parameters in {@code dtype}. */
  public long bytes(DataType dtype) {
    return times(parameters(), dtype.width());
  }

  /** Bytes of a KV cache: 2 * layers * batch * tokens * kv heads * head_dim elements. */
  public long kvCacheBytes(long batch, long tokens, DataType dtype) {
    long perToken = times(config.nKvHead(), config.headDim());
    return times(times(times(2L * config.nLayer(), batch), times(tokens, perToken)), dtype.width());
  }

  /** Throws unless {@code copies} copies of the parameters fit off-heap; the message names the dominant field. */
  public void requireFits(MemoryBudget budget, int copies, DataType dtype, String purpose) {
    long need = times(bytes(dtype), copies);
    budget.requireOffHeap(need, () -> purpose + ": " + describe() + " (" + copies + (copies == 1 ? " copy" : " copies")
        + " as " + dtype.name().toLowerCase(Locale.ROOT) + ")");
  }

  /** Which field dominates and the parameter count. */
  public String describe() {
    long emb = times(config.vocabSize(), config.hiddenSize());
    String field = blocks() >= emb
        ? String.format(Locale.ROOT, "num_hidden_layers %d x hidden_size %d (blocks of %,d parameters)",
            config.nLayer(), config.hiddenSize(), perBlock())
        : String.format(Locale.ROOT, "vocab_size %d x hidden_size %d (token embedding)", config.vocabSize(),
            config.hiddenSize());
    long p = parameters();
    return field + " gives " + (p == Long.MAX_VALUE ? "more than 2^63" : String.format(Locale.ROOT, "%,d", p))
        + " parameters";
  }
}
