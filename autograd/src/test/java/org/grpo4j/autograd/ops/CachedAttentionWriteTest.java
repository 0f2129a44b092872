package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link CachedAttention#writeAndAttend} (each segment writes its own slot's keys and values in its own piece) gives
 * the bits of {@link CachedAttention#write} then {@link CachedAttention#attend}: the output and every element of both
 * stores, garbage rows included, at 1 and 2 threads, float32 and float64, over random heads, segments of 1-5 tokens
 * (decodes and prefills) in random slots at random positions; two segments of one slot, and slots outside the
 * cache, are refused.
 */
class CachedAttentionWriteTest {
  private final int threads = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(threads);
  }

  @Test
  void writingInEachSegmentsPieceGivesTheBitsOfWritingFirst() {
    qt().withExamples(40).withFixedSeed(31).forAll(integers().between(1, 3), integers().between(1, 3),
        integers().between(1, 9), longs().all()).checkAssert((nkv, group, hs, seed) -> {
          for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int th : new int[] {1, 2}) {
              Parallel.setThreads(th);
              compare(t, nkv * group, nkv, hs, new SplittableRandom(seed));
            }
          }
        });
  }

  @Test
  void twoSegmentsOfOneSlotAndSlotsOutsideTheCacheAreRefused() {
    INDArray store = Nd4j.zeros(DataType.FLOAT, 3, 1, 4, 2);
    INDArray rows = Nd4j.rand(DataType.FLOAT, 2, 6);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CachedAttention.writeAndAttend(
        rows, 0, 1, rows, 2, rows, 4, store, store.dup(), new int[] {1, 1}, new int[] {0, 1}, new int[] {1, 1},
        new int[] {0, 1}));
    assertTrue(e.getMessage().contains("slot 1"), e.getMessage());
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () ->
        CachedAttention.writeAndAttend(rows, 0, 1, rows, 2, rows, 4, store, store.dup(), new int[] {3},
            new int[] {0}, new int[] {1}, new int[] {0}));
    assertTrue(outside.getMessage().contains("slot 3") && outside.getMessage().contains("3 slots"),
        outside.getMessage());
  }

  private static void compare(DataType dtype, int nh, int nkv, int hs, SplittableRandom r) {
    int slots = 6;
    int capacity = 9;
    int segments = 1 + r.nextInt(slots);
    int[] order = r.ints(0, 1 << 20).limit(slots).toArray();
    int[] slotOf = java.util.stream.IntStream.range(0, slots).boxed()
        .sorted(java.util.Comparator.comparingInt(i -> order[i])).mapToInt(i -> i).limit(segments).toArray();
    int[] starts = new int[segments];
    int[] lengths = new int[segments];
    int[] first = new int[segments];
    int n = 0;
    for (int s = 0; s < segments; s++) {
      lengths[s] = r.nextBoolean() ? 1 : 1 + r.nextInt(5);
      first[s] = r.nextInt(capacity - lengths[s] + 1);
      starts[s] = n;
      n += lengths[s];
    }
    int width = (nh + 2 * nkv) * hs + 3; // q | k | v | 3 unused columns, as a packed projection
    INDArray rows = Nd4j.create(r.doubles((long) n * width, -2, 2).toArray(), new long[] {n, width}, DataType.DOUBLE)
        .castTo(dtype);
    INDArray garbage = Nd4j.create(r.doubles((long) slots * nkv * capacity * hs, -50, 50).toArray(),
        new long[] {slots, nkv, capacity, hs}, DataType.DOUBLE).castTo(dtype);
    INDArray k1 = garbage.dup();
    INDArray v1 = garbage.neg();
    INDArray k2 = k1.dup();
    INDArray v2 = v1.dup();
    int[] tokenSlots = new int[n];
    int[] positions = new int[n];
    for (int s = 0; s < segments; s++) {
      for (int j = 0; j < lengths[s]; j++) {
        tokenSlots[starts[s] + j] = slotOf[s];
        positions[starts[s] + j] = first[s] + j;
      }
    }
    CachedAttention.write(rows, nh * hs, k1, tokenSlots, positions);
    CachedAttention.write(rows, (nh + nkv) * hs, v1, tokenSlots, positions);
    INDArray y1 = CachedAttention.attend(rows, 0, nh, k1, v1, slotOf, starts, lengths, first);
    INDArray y2 = CachedAttention.writeAndAttend(rows, 0, nh, rows, nh * hs, rows, (nh + nkv) * hs, k2, v2, slotOf,
        starts, lengths, first);
    assertArrayEquals(Nd.toDoubles(y1), Nd.toDoubles(y2), 0, "outputs");
    assertArrayEquals(Nd.toDoubles(k1), Nd.toDoubles(k2), 0, "keys");
    assertArrayEquals(Nd.toDoubles(v1), Nd.toDoubles(v2), 0, "values");
  }
}
