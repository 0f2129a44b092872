package org.grpo4j.transformer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.grpo4j.autograd.AlignedArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Preallocated keys and values of every layer, each (S, nkv, capacity, hs) (S slots, nkv key/value heads): slot r
 * holds one sequence, position p in its row p. Each slot has its own length, so sequences of different lengths
 * share one pass ({@link SlotBatch}) and a finished slot is {@link #reset} and reused while the others continue,
 * without moving anything. Inference only: use it under {@code GradMode.noGrad()}. Closing it frees its arrays at
 * once (they are large: GPT-2 small's for 64 slots of 160 positions hold 755 MB) instead of after a garbage
 * collection, which a large heap may not run for a minute while rollouts allocate new caches.
 */
public final class KvCache implements AutoCloseable {
  private final int slots;
  private final int capacity;
  private final INDArray[] keys;
  private final INDArray[] values;
  private final int[] lengths;
  private CacheStep step;

  private KvCache(int layers, int kvHeads, int headDim, int slots, int capacity, DataType dtype) {
    if (slots <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("kv cache needs slots and capacity > 0, got " + slots + " and " + capacity);
    }
    this.slots = slots;
    this.capacity = capacity;
    this.keys = new INDArray[layers];
    this.values = new INDArray[layers];
    for (int i = 0; i < layers; i++) {
      keys[i] = AlignedArrays.zeros(dtype, slots, kvHeads, capacity, headDim); // (S, nkv, capacity, hs)
      values[i] = AlignedArrays.zeros(dtype, slots, kvHeads, capacity, headDim); // (S, nkv, capacity, hs)
    }
    this.lengths = new int[slots];
  }

  /** An empty cache for {@code slots} sequences of up to {@code capacity} positions. */
  public static KvCache allocate(GptConfig config, int slots, int capacity, DataType dtype) {
    return new KvCache(config.nLayer(), config.nHead(), config.headSize(), slots, capacity, dtype);
  }

  /** An empty cache of {@code layers} layers of {@code kvHeads} key/value heads of {@code headDim} channels. */
  public static KvCache allocate(int layers, int kvHeads, int headDim, int slots, int capacity, DataType dtype) {
    return new KvCache(layers, kvHeads, headDim, slots, capacity, dtype);
  }

  /** Positions filled in slot {@code slot}. */
  public int length(int slot) {
    return lengths[checkSlot(slot)];
  }

  /** Frees the keys and values; the cache must not be used afterwards. Closing twice is harmless. */
  @Override
  public void close() {
    for (INDArray[] arrays : new INDArray[][] {keys, values}) {
      for (INDArray a : arrays) {
        if (a.closeable() && !a.wasClosed()) {
          AlignedArrays.close(a);
        }
      }
    }
  }

  /** Maximum positions per slot. */
  public int capacity() {
    return capacity;
  }

  /** Number of slots (sequences held at once). */
  public int slots() {
    return slots;
  }

  /** Empties slot {@code slot} for a new sequence (its old keys stay in memory but are never read again). */
  public void reset(int slot) {
    lengths[checkSlot(slot)] = 0;
  }

  private int checkSlot(int slot) {
    if (slot < 0 || slot >= slots) {
      throw new IllegalArgumentException("kv cache slot " + slot + " is outside [0, " + slots + ")");
    }
    return slot;
  }

  /**
   * Starts a pass over {@code tokens}: checks that each slot's tokens are consecutive, continue the slot at its
   * length and fit its capacity, and returns (and holds, for the layers) their segments.
   */
  CacheStep begin(SlotBatch tokens) {
    List<int[]> segs = new ArrayList<>(); // {slot, start, length, first position}
    boolean[] seen = new boolean[slots];
    int n = tokens.size();
    for (int i = 0; i < n; ) {
      int slot = checkSlot(tokens.slots()[i]);
      int first = tokens.positions()[i];
      if (seen[slot]) {
        throw new IllegalArgumentException("slot " + slot + " appears twice in one pass (token " + i + "); a slot's "
            + "tokens must be consecutive");
      }
      seen[slot] = true;
      if (first != lengths[slot]) {
        throw new IllegalArgumentException("token " + i + " is at position " + first + " but slot " + slot + " holds "
            + lengths[slot] + " positions; expected position " + lengths[slot]);
      }
      int j = i + 1;
      while (j < n && tokens.slots()[j] == slot) {
        if (tokens.positions()[j] != first + (j - i)) {
          throw new IllegalArgumentException("token " + j + " of slot " + slot + " is at position "
              + tokens.positions()[j] + "; expected " + (first + (j - i)) + " (consecutive positions)");
        }
        j++;
      }
      if (first + (j - i) > capacity) {
        throw new IllegalArgumentException("kv cache slot " + slot + " is full: " + first + " of " + capacity
            + " positions used, " + (j - i) + " more requested");
      }
      segs.add(new int[] {slot, i, j - i, first});
      i = j;
    }
    int[][] cols = new int[4][segs.size()];
    for (int s = 0; s < segs.size(); s++) {
      for (int c = 0; c < 4; c++) {
        cols[c][s] = segs.get(s)[c];
      }
    }
    step = new CacheStep(cols[0], cols[1], cols[2], cols[3]);
    return step;
  }

  /** The pass in progress (between {@link #begin} and {@link #advance}). */
  CacheStep step() {
    if (step == null) {
      throw new IllegalStateException("no pass in progress on this kv cache");
    }
    return step;
  }

  /** All key rows (S, nkv, capacity, hs) of {@code layer}. */
  INDArray keys(int layer) {
    return keys[layer];
  }

  /** All value rows (S, nkv, capacity, hs) of {@code layer}. */
  INDArray values(int layer) {
    return values[layer];
  }

  /** Ends the pass: its tokens now occupy their positions. */
  void advance() {
    CacheStep s = step();
    for (int i = 0; i < s.size(); i++) {
      lengths[s.slots()[i]] += s.lengths()[i];
    }
    step = null;
  }

  @Override
  public String toString() {
    return "KvCache(slots " + slots + ", capacity " + capacity + ", lengths " + Arrays.toString(lengths) + ")";
  }
}
