package org.grpo4j.tokenizer;

import java.util.List;

/** Open-addressing map from a token pair to its merge rank and result id, with no boxing on lookup. */
final class MergeTable {

  static final long ABSENT = -1L;
  private static final long EMPTY = -1L;

  private final long[] keys;
  private final long[] values;
  private final int mask;

  /** Builds the table; a pair listed twice keeps its first (lowest) rank. */
  MergeTable(List<Merge> merges) {
    int cap = Integer.highestOneBit(Math.max(4, merges.size() * 2 + 1)) << 1;
    keys = new long[cap];
    values = new long[cap];
    mask = cap - 1;
    java.util.Arrays.fill(keys, EMPTY);
    for (int rank = 0; rank < merges.size(); rank++) {
      Merge m = merges.get(rank);
      long key = key(m.left(), m.right());
      int slot = slot(key);
      while (keys[slot] != EMPTY && keys[slot] != key) {
        slot = (slot + 1) & mask;
      }
      if (keys[slot] == EMPTY) {
        keys[slot] = key;
        values[slot] = ((long) rank << 32) | (m.result() & 0xFFFFFFFFL);
      }
    }
  }

  static long key(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFFFFFFL);
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29)) & mask;
  }

  /** Returns {@code rank << 32 | result} for the pair, or {@link #ABSENT}. */
  long lookup(int left, int right) {
    long key = key(left, right);
    int slot = slot(key);
    while (true) {
      long k = keys[slot];
      if (k == key) {
        return values[slot];
      }
      if (k == EMPTY) {
        return ABSENT;
      }
      slot = (slot + 1) & mask;
    }
  }

  static int rank(long entry) {
    return (int) (entry >>> 32);
  }

  static int result(long entry) {
    return (int) entry;
  }
}
