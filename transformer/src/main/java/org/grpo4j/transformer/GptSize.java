package org.grpo4j.transformer;

import static org.grpo4j.nn.memory.MemoryBudget.plus;
import static org.grpo4j.nn.memory.MemoryBudget.times;

import java.util.Locale;
import org.grpo4j.nn.memory.MemoryBudget;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A GPT's size derived from its config alone, in 64-bit arithmetic that saturates at {@link Long#MAX_VALUE} rather
 * than overflowing: parameters per part, bytes, KV-cache bytes; and the check that a model fits the memory the JVM
 * and the machine can give, made before anything is allocated, with a message naming the field that dominates.
 */
public record GptSize(GptConfig config) {

  /** Requires a config. */
  public GptSize {
    if (config == null) {
      throw new IllegalArgumentException("GptSize needs a config");
    }
  }

  /** Parameters of one block: two LayerNorms, c_attn, attn.c_proj, c_fc, mlp.c_proj: 12 d^2 + 13 d. */
  public long perBlock() {
    long d = config.nEmbd();
    return plus(times(12, times(d, d)), times(13, d));
  }

  /** Parameters of every block: n_layer * {@link #perBlock}. */
  public long blocks() {
    return times(config.nLayer(), perBlock());
  }

  /** All parameters: wte (vocab_size x n_embd), wpe (n_positions x n_embd), the blocks and ln_f. */
  public long parameters() {
    long d = config.nEmbd();
    return plus(plus(times(config.vocabSize(), d), times(config.nPositions(), d)), plus(blocks(), times(2, d)));
  }

  /** Bytes of the parameters in {@code dtype}. */
  public long bytes(DataType dtype) {
    return times(parameters(), dtype.width());
  }

  /** Bytes of a KV cache for {@code batch} sequences of {@code tokens}: 2 * n_layer * batch * tokens * n_embd. */
  public long kvCacheBytes(long batch, long tokens, DataType dtype) {
    return times(times(times(2L * config.nLayer(), batch), times(tokens, config.nEmbd())), dtype.width());
  }

  /**
   * Throws unless {@code copies} copies of the parameters in {@code dtype} fit off-heap in {@code budget}; the
   * message names the field whose term dominates, the parameter count and the bytes ({@code purpose} says why).
   */
  public void requireFits(MemoryBudget budget, int copies, DataType dtype, String purpose) {
    long need = times(bytes(dtype), copies);
    budget.requireOffHeap(need, () -> purpose + ": " + describe() + " (" + copies + (copies == 1 ? " copy" : " copies")
        + " as " + dtype.name().toLowerCase(Locale.ROOT) + ")");
  }

  /** "n_layer 100000 (blocks of 7,087,872 parameters) gives 708,787,200,000 parameters" and the like. */
  public String describe() {
    long d = config.nEmbd();
    long vocab = times(config.vocabSize(), d);
    long pos = times(config.nPositions(), d);
    String field;
    if (blocks() >= vocab && blocks() >= pos) {
      field = String.format(Locale.ROOT, "n_layer %d x n_embd %d (blocks of %,d parameters)", config.nLayer(), d,
          perBlock());
    } else if (vocab >= pos) {
      field = String.format(Locale.ROOT, "vocab_size %d x n_embd %d (token embedding)", config.vocabSize(), d);
    } else {
      field = String.format(Locale.ROOT, "n_positions %d x n_embd %d (position embedding)", config.nPositions(), d);
    }
    long p = parameters();
    return field + " gives " + (p == Long.MAX_VALUE ? "more than 2^63" : String.format(Locale.ROOT, "%,d", p))
        + " parameters";
  }
}
