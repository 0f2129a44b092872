package org.grpo4j.tokenizer;

import java.util.Arrays;

/**
 * Applies BPE merges to one word: repeatedly merges the lowest-ranked adjacent pair, leftmost first, like
 * Hugging Face {@code tokenizers}. Symbols live in linked arrays and candidate merges in a binary min-heap of
 * {@code rank << 32 | position} longs, so a word of n bytes costs O(n log n) and nothing is boxed.
 * Not thread-safe: each thread uses its own instance.
 */
final class BpeWordEncoder {

  private final MergeTable merges;
  private int[] sym = new int[64];
  private int[] next = new int[64];
  private int[] prev = new int[64];
  private long[] heap = new long[64];
  private int heapSize;

  BpeWordEncoder(MergeTable merges) {
    this.merges = merges;
  }

  /** Scratch array of at least {@code n} slots for the caller to fill with the word's base symbols. */
  int[] symbols(int n) {
    if (sym.length < n) {
      int cap = Math.max(n, sym.length * 2);
      sym = Arrays.copyOf(sym, cap);
      next = new int[cap];
      prev = new int[cap];
    }
    return sym;
  }

  /** Merges the first {@code n} symbols of {@link #symbols} and appends the resulting ids to {@code out}. */
  void mergeInto(int n, IntList out) {
    if (n == 1) {
      out.add(sym[0]);
      return;
    }
    heapSize = 0;
    for (int i = 0; i < n; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
    }
    for (int i = 0; i + 1 < n; i++) {
      push(sym[i], sym[i + 1], i);
    }
    while (heapSize > 0) {
      long e = pop();
      int i = (int) e;
      int j = next[i];
      if (j < 0 || j >= n) {
        continue; // i was merged away (next = -1) or is now last
      }
      long m = merges.lookup(sym[i], sym[j]);
      if (m == MergeTable.ABSENT || MergeTable.rank(m) != (int) (e >>> 32)) {
        continue; // stale: the pair at i changed since this entry was pushed
      }
      sym[i] = MergeTable.result(m);
      int k = next[j];
      next[i] = k;
      next[j] = -1;
      if (k < n) {
        prev[k] = i;
        push(sym[i], sym[k], i);
      }
      if (prev[i] >= 0) {
        push(sym[prev[i]], sym[i], prev[i]);
      }
    }
    for (int i = 0; i < n; i = next[i]) {
      out.add(sym[i]);
    }
  }

  private void push(int left, int right, int pos) {
    long m = merges.lookup(left, right);
    if (m == MergeTable.ABSENT) {
      return;
    }
    long e = ((long) MergeTable.rank(m) << 32) | pos;
    if (heapSize == heap.length) {
      heap = Arrays.copyOf(heap, heap.length * 2);
    }
    int c = heapSize++;
    while (c > 0) {
      int p = (c - 1) >>> 1;
      if (heap[p] <= e) {
        break;
      }
      heap[c] = heap[p];
      c = p;
    }
    heap[c] = e;
  }

  private long pop() {
    long top = heap[0];
    long last = heap[--heapSize];
    int c = 0;
    while (true) {
      int l = 2 * c + 1;
      if (l >= heapSize) {
        break;
      }
      int r = l + 1;
      int m = r < heapSize && heap[r] < heap[l] ? r : l;
      if (heap[m] >= last) {
        break;
      }
      heap[c] = heap[m];
      c = m;
    }
    heap[c] = last;
    return top;
  }
}
