package org.grpo4j.tokenizer;

import java.util.Arrays;

/**
 * Training statistics for adjacent token pairs: a weighted count per pair, the words each pair occurs in, and a
 * max-heap of (count, pair) candidates with lazy invalidation. Ties are broken by the smaller pair key, i.e. the
 * smaller left id, then the smaller right id.
 */
final class PairStats {

  private long[] keys = new long[1 << 12];
  private int[] slotOf = new int[1 << 12]; // table -> slot index + 1
  private long[] counts = new long[1 << 11];
  private int[][] words = new int[1 << 11][];
  private int[] wordCounts = new int[1 << 11];
  private int slots;
  private long[] heapCount = new long[1 << 11];
  private long[] heapKey = new long[1 << 11];
  private int heapSize;

  /** The slot of a pair, created on first use. */
  int slot(int left, int right) {
    long key = MergeTable.key(left, right);
    int mask = keys.length - 1;
    long h = key * 0x9E3779B97F4A7C15L;
    for (int t = (int) (h ^ (h >>> 29)) & mask; ; t = (t + 1) & mask) {
      int s = slotOf[t] - 1;
      if (s < 0) {
        return create(key, t);
      }
      if (keys[t] == key) {
        return s;
      }
    }
  }

  private int create(long key, int t) {
    int s = slots++;
    keys[t] = key;
    slotOf[t] = s + 1;
    if (s == counts.length) {
      counts = Arrays.copyOf(counts, s * 2);
      words = Arrays.copyOf(words, s * 2);
      wordCounts = Arrays.copyOf(wordCounts, s * 2);
    }
    if (slots * 2 > keys.length) {
      grow();
    }
    return s;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldSlots = slotOf;
    keys = new long[oldKeys.length * 2];
    slotOf = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int t = 0; t < oldKeys.length; t++) {
      if (oldSlots[t] != 0) {
        long h = oldKeys[t] * 0x9E3779B97F4A7C15L;
        int u = (int) (h ^ (h >>> 29)) & mask;
        while (slotOf[u] != 0) {
          u = (u + 1) & mask;
        }
        keys[u] = oldKeys[t];
        slotOf[u] = oldSlots[t];
      }
    }
  }

  void add(int slot, long delta) {
    counts[slot] += delta;
  }

  long count(int slot) {
    return counts[slot];
  }

  /** Records that word {@code w} contains the pair (duplicates are allowed; readers de-duplicate). */
  void addWord(int slot, int w) {
    int[] list = words[slot];
    if (list == null) {
      list = words[slot] = new int[4];
    } else if (wordCounts[slot] == list.length) {
      list = words[slot] = Arrays.copyOf(list, list.length * 2);
    }
    list[wordCounts[slot]++] = w;
  }

  /** Takes the word list of a pair, leaving it empty. */
  int[] takeWords(int slot) {
    int[] list = words[slot] == null ? new int[0] : Arrays.copyOf(words[slot], wordCounts[slot]);
    words[slot] = null;
    wordCounts[slot] = 0;
    return list;
  }

  /** Offers a pair to the heap with its current count. */
  void offer(int left, int right) {
    long key = MergeTable.key(left, right);
    long c = counts[slot(left, right)];
    if (c > 0) {
      push(c, key);
    }
  }

  /** Removes and returns the key of the pair with the highest count (smallest key on ties), or -1 if none. */
  long pollBest() {
    while (heapSize > 0) {
      long c = heapCount[0];
      long key = heapKey[0];
      removeTop();
      long cur = counts[slot((int) (key >>> 32), (int) key)];
      if (cur == c) {
        return key;
      }
      if (cur > 0) {
        push(cur, key); // the count went down since this entry was pushed
      }
    }
    return -1;
  }

  private static boolean before(long c1, long k1, long c2, long k2) {
    return c1 > c2 || (c1 == c2 && k1 < k2);
  }

  private void push(long c, long key) {
    if (heapSize == heapCount.length) {
      heapCount = Arrays.copyOf(heapCount, heapSize * 2);
      heapKey = Arrays.copyOf(heapKey, heapSize * 2);
    }
    int i = heapSize++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (!before(c, key, heapCount[p], heapKey[p])) {
        break;
      }
      heapCount[i] = heapCount[p];
      heapKey[i] = heapKey[p];
      i = p;
    }
    heapCount[i] = c;
    heapKey[i] = key;
  }

  private void removeTop() {
    long c = heapCount[--heapSize];
    long key = heapKey[heapSize];
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= heapSize) {
        break;
      }
      int r = l + 1;
      int m = r < heapSize && before(heapCount[r], heapKey[r], heapCount[l], heapKey[l]) ? r : l;
      if (!before(heapCount[m], heapKey[m], c, key)) {
        break;
      }
      heapCount[i] = heapCount[m];
      heapKey[i] = heapKey[m];
      i = m;
    }
    heapCount[i] = c;
    heapKey[i] = key;
  }
}
