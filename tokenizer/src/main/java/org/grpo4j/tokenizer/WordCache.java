package org.grpo4j.tokenizer;

import java.util.Arrays;

/**
 * Bounded cache from a pre-token (a char range of a String, compared without allocating a substring) to its
 * token ids. All keys and values live in two flat pools; when a bound is reached the cache simply starts over.
 * Not thread-safe: each thread uses its own instance.
 */
final class WordCache {

  static final int MAX_KEY_LENGTH = 128;
  private static final int MAX_ENTRIES = 1 << 18;
  private static final int MAX_POOL = 1 << 22;

  private int[] table = new int[1024]; // entry index + 1; 0 = empty slot
  private int[] hashes = new int[512];
  private int[] keyStart = new int[512];
  private int[] valStart = new int[513];
  private char[] keyPool = new char[4096];
  private int[] valPool = new int[4096];
  private int size;
  private int keyUsed;

  static int hash(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    return h ^ (h >>> 16);
  }

  /** Encodes one pre-tokenized piece s[from, to) by BPE, appending its ids to out. */
  interface PieceEncoder {
    void encode(String s, int from, int to, IntList out);
  }

  /**
   * Appends the ids of the piece s[from, to): from the cache, or encoded by {@code encoder} and then cached (pieces
   * longer than {@link #MAX_KEY_LENGTH} are encoded every time).
   */
  void append(String s, int from, int to, IntList out, PieceEncoder encoder) {
    if (to - from > MAX_KEY_LENGTH) {
      encoder.encode(s, from, to, out);
      return;
    }
    int h = hash(s, from, to);
    if (!appendTo(s, from, to, h, out)) {
      int mark = out.size();
      encoder.encode(s, from, to, out);
      put(s, from, to, h, out, mark);
    }
  }

  /** Appends the cached ids of {@code s[from, to)} to {@code out} and returns true, or returns false on a miss. */
  boolean appendTo(String s, int from, int to, int h, IntList out) {
    int mask = table.length - 1;
    int len = to - from;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      int e = table[slot] - 1;
      if (e < 0) {
        return false;
      }
      if (hashes[e] == h && keyStart[e + 1] - keyStart[e] == len && sameChars(s, from, keyStart[e], len)) {
        out.addAll(valPool, valStart[e], valStart[e + 1] - valStart[e]);
        return true;
      }
    }
  }

  private boolean sameChars(String s, int from, int poolFrom, int len) {
    for (int k = 0; k < len; k++) {
      if (keyPool[poolFrom + k] != s.charAt(from + k)) {
        return false;
      }
    }
    return true;
  }

  /** Stores {@code ids[idsFrom, idsTo)} as the value of key {@code s[from, to)} (which must be absent). */
  void put(String s, int from, int to, int h, IntList ids, int idsFrom) {
    int len = to - from;
    int n = ids.size() - idsFrom;
    if (size + 1 >= MAX_ENTRIES || keyUsed + len > MAX_POOL || valStart[size] + n > MAX_POOL) {
      clear();
    }
    if ((size + 1) * 2 > table.length) {
      rehash(table.length * 2);
    }
    if (size + 2 > hashes.length) {
      int cap = hashes.length * 2;
      hashes = Arrays.copyOf(hashes, cap);
      keyStart = Arrays.copyOf(keyStart, cap + 1);
      valStart = Arrays.copyOf(valStart, cap + 1);
    }
    if (keyUsed + len > keyPool.length) {
      keyPool = Arrays.copyOf(keyPool, Math.max(keyPool.length * 2, keyUsed + len));
    }
    int vs = valStart[size];
    if (vs + n > valPool.length) {
      valPool = Arrays.copyOf(valPool, Math.max(valPool.length * 2, vs + n));
    }
    s.getChars(from, to, keyPool, keyUsed);
    for (int k = 0; k < n; k++) {
      valPool[vs + k] = ids.get(idsFrom + k);
    }
    int e = size++;
    hashes[e] = h;
    keyStart[e] = keyUsed;
    keyUsed += len;
    keyStart[e + 1] = keyUsed;
    valStart[e + 1] = vs + n;
    insert(e);
  }

  private void insert(int e) {
    int mask = table.length - 1;
    int slot = hashes[e] & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = e + 1;
  }

  private void rehash(int capacity) {
    table = new int[capacity];
    for (int e = 0; e < size; e++) {
      insert(e);
    }
  }

  /** Forgets every entry. */
  void clear() {
    Arrays.fill(table, 0);
    size = 0;
    keyUsed = 0;
    keyStart[0] = 0;
    valStart[0] = 0;
  }

  int size() {
    return size;
  }
}
