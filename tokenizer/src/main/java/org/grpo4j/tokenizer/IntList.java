package org.grpo4j.tokenizer;

import java.util.Arrays;

/** Growable list of primitive ints (no boxing). */
final class IntList {

  private int[] data;
  private int size;

  IntList(int capacity) {
    data = new int[Math.max(4, capacity)];
  }

  void add(int v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, data.length * 2);
    }
    data[size++] = v;
  }

  void addAll(int[] src, int from, int len) {
    if (size + len > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, size + len));
    }
    System.arraycopy(src, from, data, size, len);
    size += len;
  }

  int get(int i) {
    return data[i];
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  int[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
