package org.grpo4j.transformer;

/**
 * The segments of one pass through a {@link KvCache}: segment s is {@code lengths[s]} consecutive tokens of the
 * batch from index {@code starts[s]}, continuing slot {@code slots[s]} at positions {@code firstPositions[s]}.. . Its
 * queries attend to the slot's positions 0..their own (causal within the segment).
 */
record CacheStep(int[] slots, int[] starts, int[] lengths, int[] firstPositions) {
  /** Number of segments. */
  int size() {
    return slots.length;
  }

  /** Keys the last query of segment s reads: every position up to and including its own. */
  int keys(int s) {
    return firstPositions[s] + lengths[s];
  }
}
