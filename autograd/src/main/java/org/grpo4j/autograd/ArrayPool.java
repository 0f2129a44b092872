package org.grpo4j.autograd;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-thread free lists of dense arrays by (dtype, shape), filled by recycling {@link MemoryScope}s: a training
 * step allocates the same shapes every time, and handing an array back costs ~100 ns where ND4J's allocate and
 * free cost several microseconds each. Bounded by {@code -Dgrpo4j.pool.mb} (default 2048); beyond it, arrays are
 * closed instead. Shapes no step asked for during the last two steps are closed, so workloads whose shapes drift
 * (growing sequences, varying batches) do not fill the pool with dead sizes. A shape's free list never holds more
 * arrays than steps took of it (the most in this or the previous step): arrays allocated outside the pool and handed
 * back (a leaf gradient copied by the engine, released by {@code zeroGrad}) are closed beyond that, so a training
 * loop's pool cannot grow by a few arrays every step.
 */
final class ArrayPool {
  private static final long CAP_BYTES = Long.getLong("grpo4j.pool.mb", 2048L) * 1024 * 1024;

  private record Key(DataType dtype, long[] shape) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.dtype == dtype && Arrays.equals(k.shape, shape);
    }

    @Override
    public int hashCode() {
      return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }
  }

  private final Map<Key, ArrayDeque<INDArray>> free = new HashMap<>();
  private final Map<Key, Long> lastAsked = new HashMap<>();
  private final Map<Key, int[]> taken = new HashMap<>(); // per shape: takes in the previous step, in this step
  private long step;
  private long bytes;
  private long hits;
  private long misses;

  /** A free array of exactly this dtype and C-order shape (contents undefined), or null. */
  INDArray take(DataType dtype, long[] shape) {
    Key key = new Key(dtype, shape);
    lastAsked.put(key, step);
    taken.computeIfAbsent(key, k -> new int[2])[1]++;
    ArrayDeque<INDArray> q = free.get(key);
    INDArray x = q == null ? null : q.pollLast();
    if (x == null) {
      misses++;
      return null;
    }
    hits++;
    bytes -= size(x);
    return x;
  }

  /** Takes back an array nothing uses any more; closes it when the pool is full. */
  void give(INDArray x) {
    long b = size(x);
    if (bytes + b > CAP_BYTES) {
      if (x.closeable()) {
        AlignedArrays.close(x);
      } // a view (a released gradient that is a reshape) cannot be closed: its buffer waits for a collection
      return;
    }
    Key key = new Key(x.dataType(), x.shape());
    ArrayDeque<INDArray> q = free.get(key);
    int[] t = taken.get(key);
    if (t == null || (q != null && q.size() >= Math.max(t[0], t[1]))) { // more than a step takes: never reused
      if (x.closeable()) {
        AlignedArrays.close(x);
      }
      return;
    }
    bytes += b;
    lastAsked.putIfAbsent(key, step);
    free.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(x);
  }

  /** Ends a step (an outermost recycling scope closed): closes the free arrays of shapes unasked for two steps. */
  void endStep() {
    step++;
    for (int[] t : taken.values()) {
      t[0] = t[1];
      t[1] = 0;
    }
    var it = free.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (lastAsked.getOrDefault(e.getKey(), 0L) < step - 2) {
        for (INDArray x : e.getValue()) {
          bytes -= size(x);
          if (x.closeable()) {
            AlignedArrays.close(x);
          }
        }
        lastAsked.remove(e.getKey());
        taken.remove(e.getKey());
        it.remove();
      }
    }
  }

  /** Bytes held in the free lists. */
  long bytes() {
    return bytes;
  }

  /** (arrays handed out from the free lists, arrays that had to be allocated) since this thread started. */
  long[] counts() {
    return new long[] {hits, misses};
  }

  private static long size(INDArray x) {
    return x.length() * x.dataType().width();
  }
}
