package org.grpo4j.bench;

import java.lang.reflect.Field;
import java.util.Map;
import org.nd4j.linalg.api.memory.deallocation.DeallocatorService;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's registry of native objects (data buffers, op contexts) whose memory its deallocator threads free once the
 * garbage collector has found their Java owners dead. Right after a collection the threads are still freeing, so a
 * reading taken then counts garbage as resident; {@link #collectAndSettle()} waits until they are done.
 */
final class NativeBuffers {
  private static final long POLL_MS = 20;
  private static final int STABLE_POLLS = 5;
  private static final long MAX_WAIT_MS = 10_000;

  private NativeBuffers() {}

  /** Native objects ND4J has registered and not yet freed (live ones, and dead ones awaiting their deallocator). */
  static int registered() {
    return referenceMap().size();
  }

  /**
   * A full collection, then waits (polling every 20 ms, at most 10 s) until ND4J's deallocators have freed what it
   * found dead: the count of registered objects has not fallen for five polls in a row. Returns that count.
   */
  static int collectAndSettle() {
    System.gc();
    int last = registered();
    int stable = 0;
    long deadline = System.nanoTime() + MAX_WAIT_MS * 1_000_000;
    while (stable < STABLE_POLLS && System.nanoTime() < deadline) {
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      int now = registered();
      stable = now < last ? 0 : stable + 1;
      last = Math.min(last, now);
    }
    return last;
  }

  private static Map<?, ?> referenceMap() {
    DeallocatorService service = Nd4j.getDeallocatorService();
    try {
      Field f = DeallocatorService.class.getDeclaredField("referenceMap");
      f.setAccessible(true);
      return (Map<?, ?>) f.get(service);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read ND4J's deallocator registry (DeallocatorService.referenceMap)", e);
    }
  }
}
