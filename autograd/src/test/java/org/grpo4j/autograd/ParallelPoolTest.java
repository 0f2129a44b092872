package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The spinning pool's contract: every piece runs exactly once before {@code forEach} returns, whatever the thread
 * count, with concurrent callers, nested calls and failures; a piece's failure reaches the caller.
 */
class ParallelPoolTest {
  private static final long BIG = 1L << 30; // always above minWork: the pool path
  private final int saved = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
  }

  @Test
  void everyPieceRunsExactlyOnceBeforeForEachReturns() {
    for (int threads : new int[] {1, 2, 3, 4}) {
      Parallel.setThreads(threads);
      for (int call = 0; call < 2_000; call++) {
        int pieces = 1 + call % 9;
        AtomicIntegerArray runs = new AtomicIntegerArray(pieces);
        Parallel.forEach(pieces, BIG, runs::incrementAndGet);
        for (int i = 0; i < pieces; i++) {
          assertEquals(1, runs.get(i), "piece " + i + " of " + pieces + " on " + threads + " threads, call " + call);
        }
      }
    }
  }

  @Test
  void piecesReachOtherThreadsWhenThereAreSeveral() {
    Parallel.setThreads(2);
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    for (int call = 0; call < 200 && seen.size() < 2; call++) {
      Parallel.forEach(4, BIG, i -> {
        seen.add(Thread.currentThread());
        long end = System.nanoTime() + 200_000;
        while (System.nanoTime() < end) {
          Thread.onSpinWait();
        }
      });
    }
    assertEquals(2, seen.size(), "200 calls of four 0.2 ms pieces never ran on a second thread");
  }

  @Test
  void concurrentCallersAndNestedCallsEachRunTheirOwnPiecesOnce() throws InterruptedException {
    Parallel.setThreads(3);
    List<Thread> callers = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int c = 0; c < 4; c++) {
      Thread t = new Thread(() -> {
        try {
          for (int call = 0; call < 300; call++) {
            AtomicIntegerArray outer = new AtomicIntegerArray(5);
            AtomicIntegerArray inner = new AtomicIntegerArray(5 * 3);
            Parallel.forEach(5, BIG, i -> {
              outer.incrementAndGet(i);
              Parallel.forEach(3, BIG, j -> inner.incrementAndGet(i * 3 + j)); // nested: inline
            });
            for (int i = 0; i < 5; i++) {
              assertEquals(1, outer.get(i));
            }
            for (int i = 0; i < 15; i++) {
              assertEquals(1, inner.get(i));
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      callers.add(t);
      t.start();
    }
    for (Thread t : callers) {
      t.join();
    }
    assertTrue(failures.isEmpty(), () -> "failures: " + failures);
  }

  @Test
  void aFailingPieceReachesTheCallerAndThePoolStaysUsable() {
    Parallel.setThreads(2);
    IllegalStateException boom = new IllegalStateException("piece 3 failed");
    for (int call = 0; call < 50; call++) {
      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.forEach(8, BIG, i -> {
        if (i == 3) {
          throw boom;
        }
      }));
      assertSame(boom, thrown);
    }
    AtomicIntegerArray runs = new AtomicIntegerArray(8);
    Parallel.forEach(8, BIG, runs::incrementAndGet);
    for (int i = 0; i < 8; i++) {
      assertEquals(1, runs.get(i));
    }
  }
}
