package org.grpo4j.transformer;

/**
 * N tokens for one inference pass through a {@link KvCache}: token i is {@code ids[i]} at position
 * {@code positions[i]} of the sequence held in cache slot {@code slots[i]}. A slot's tokens are consecutive, at
 * consecutive positions, and continue what the slot holds (a prompt from position 0, a decode step one token), so
 * one pass can prefill new sequences of any lengths and decode others, with no padding.
 */
public record SlotBatch(int[] ids, int[] positions, int[] slots) {
  /** Checks that there is at least one token and that ids, positions and slots have one entry per token. */
  public SlotBatch {
    if (ids.length == 0) {
      throw new IllegalArgumentException("slot batch needs at least one token");
    }
    if (positions.length != ids.length || slots.length != ids.length) {
      throw new IllegalArgumentException("slot batch of " + ids.length + " ids has " + positions.length
          + " positions and " + slots.length + " slots; expected one of each per token");
    }
  }

  /** The tokens of a (B, T) batch without padding, row b continuing slot b, in row-major order. */
  public static SlotBatch ofRows(TokenBatch tokens) {
    int[] slots = new int[tokens.ids().length];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = i / tokens.time();
    }
    return new SlotBatch(tokens.ids(), tokens.positions(), slots);
  }

  /** Number of tokens N. */
  public int size() {
    return ids.length;
  }
}
