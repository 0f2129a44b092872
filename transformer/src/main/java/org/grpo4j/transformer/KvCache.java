package org.grpo4j.transformer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Preallocated keys and values of every layer, each (B, nkv, capacity, hs) (nkv key/value heads), filled slot by
 * slot: a prefill writes the prompt's slots, each decode step one more. Tracks which filled slots are padding so they are masked.
 * Inference only: use it under {@code GradMode.noGrad()}.
 */
public final class KvCache {
  private final int batch;
  private final int capacity;
  private final INDArray[] keys;
  private final INDArray[] values;
  private final boolean[] validSlots; // (B, capacity)
  private int length;

  private KvCache(int layers, int kvHeads, int headDim, int batch, int capacity, DataType dtype) {
    if (batch <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("kv cache needs batch and capacity > 0, got " + batch + " and " + capacity);
    }
    this.batch = batch;
    this.capacity = capacity;
    this.keys = new INDArray[layers];
    this.values = new INDArray[layers];
    for (int i = 0; i < layers; i++) {
      keys[i] = Nd4j.zeros(dtype, batch, kvHeads, capacity, headDim); // (B, nkv, capacity, hs)
      values[i] = Nd4j.zeros(dtype, batch, kvHeads, capacity, headDim); // (B, nkv, capacity, hs)
    }
    this.validSlots = new boolean[batch * capacity];
  }

  /** An empty cache for {@code batch} sequences of up to {@code capacity} slots (padding included). */
  public static KvCache allocate(GptConfig config, int batch, int capacity, DataType dtype) {
    return new KvCache(config.nLayer(), config.nHead(), config.headSize(), batch, capacity, dtype);
  }

  /** An empty cache of {@code layers} layers of {@code kvHeads} key/value heads of {@code headDim} channels. */
  public static KvCache allocate(int layers, int kvHeads, int headDim, int batch, int capacity, DataType dtype) {
    return new KvCache(layers, kvHeads, headDim, batch, capacity, dtype);
  }

  /** Number of filled slots. */
  public int length() {
    return length;
  }

  /** Maximum number of slots. */
  public int capacity() {
    return capacity;
  }

  /** Number of sequences. */
  public int batch() {
    return batch;
  }

  /**
   * Starts a forward pass over {@code tokens}: checks that they fit, records which of the new slots are padding,
   * and returns the additive attention bias (B, T, Tk): over the new tokens themselves for a prefill (Tk = T),
   * else over all {@code capacity} slots; causal, with padding and unfilled slots masked.
   */
  INDArray begin(TokenBatch tokens, DataType dtype) {
    if (tokens.batch() != batch) {
      throw new IllegalArgumentException("kv cache holds " + batch + " sequences, got a batch of " + tokens.batch());
    }
    int t = tokens.time();
    if (length + t > capacity) {
      throw new IllegalArgumentException("kv cache is full: " + length + " of " + capacity + " slots used, "
          + t + " more requested");
    }
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < t; j++) {
        validSlots[b * capacity + length + j] = tokens.padKeys() == null || !tokens.padKeys()[b * t + j];
      }
    }
    int tk = length == 0 ? t : capacity;
    float[] bias = new float[batch * t * tk];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < tk; j++) {
          // A padding query sees itself, so that no row is fully masked (its output is never used).
          boolean ok = j <= length + i && validSlots[b * capacity + j] || j == length + i;
          bias[(b * t + i) * tk + j] = ok ? 0f : AttentionBias.MASKED;
        }
      }
    }
    return Nd4j.create(bias, new long[] {batch, t, tk}, 'c').castTo(dtype);
  }

  /** True when attention must read keys from the cache (earlier slots exist) rather than the new keys alone. */
  boolean readsCache() {
    return length > 0;
  }

  /** Writes the new keys and values (B, nh, T, hs) (views allowed) of {@code layer} at the current slots. */
  void write(int layer, INDArray k, INDArray v) {
    long t = k.size(2);
    keys[layer].get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(length, length + t),
        NDArrayIndex.all()).assign(k);
    values[layer].get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(length, length + t),
        NDArrayIndex.all()).assign(v);
  }

  /** All key slots (B, nkv, capacity, hs) of {@code layer}. */
  INDArray keys(int layer) {
    return keys[layer];
  }

  /** All value slots (B, nkv, capacity, hs) of {@code layer}. */
  INDArray values(int layer) {
    return values[layer];
  }

  /** Ends a forward pass of {@code t} tokens: they now occupy their slots. */
  void advance(int t) {
    length += t;
  }
}
