package org.grpo4j.autograd;

import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keeps native memory bounded: ND4J frees an array's off-heap buffer only when the garbage collector reclaims its
 * small Java wrapper, which a mostly idle Java heap does late. The engine reports the bytes of every array it
 * creates and does not release itself (outside a {@link MemoryScope}, and leaf gradients); after
 * {@link #budgetBytes()} such bytes it asks the JVM for a collection. Budget from the system
 * property {@code grpo4j.gc.budget.mb} (default 256; 0 disables).
 */
public final class MemoryGuard {
  private static final AtomicLong SINCE_GC = new AtomicLong();
  private static volatile long budget = Long.getLong("grpo4j.gc.budget.mb", 256L) * 1024 * 1024;
  private static final AtomicLong COLLECTIONS = new AtomicLong();

  private MemoryGuard() {}

  /** Bytes of new arrays between two collections; 0 means never collect. */
  public static long budgetBytes() {
    return budget;
  }

  /** Sets the budget in bytes (0 disables). */
  public static void setBudgetBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("memory budget " + bytes + " must be >= 0 bytes");
    }
    budget = bytes;
  }

  /** Number of collections requested so far. */
  public static long collections() {
    return COLLECTIONS.get();
  }

  /** Records that an array counted by {@link #allocated} was freed explicitly. */
  static void released(INDArray x) {
    if (budget != 0) {
      SINCE_GC.addAndGet(-x.length() * x.dataType().width());
    }
  }

  /** Records a newly created array. */
  static void allocated(INDArray x) {
    long b = budget;
    if (b == 0 || x == null) {
      return;
    }
    if (SINCE_GC.addAndGet(x.length() * x.dataType().width()) > b) {
      SINCE_GC.set(0);
      COLLECTIONS.incrementAndGet();
      System.gc();
    }
  }
}
