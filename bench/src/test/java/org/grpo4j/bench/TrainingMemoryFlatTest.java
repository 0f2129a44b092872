package org.grpo4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grpo4j.autograd.MemoryScope;
import org.junit.jupiter.api.Test;

/**
 * The memory check's training loop holds the same memory after 200 more steps as after its warm-up, in counts that
 * do not depend on timing: the bytes and arrays of the recycling pool, and the native objects (data buffers, op
 * contexts) ND4J still holds once its deallocators have freed everything a full collection found dead.
 */
class TrainingMemoryFlatTest {
  private static final int WARMUP = 20;
  private static final int STEPS = 200;

  @Test
  void poolAndNativeObjectsStopGrowingAfterWarmup() {
    GptTrainingLoop loop = new GptTrainingLoop();
    for (int i = 0; i < WARMUP; i++) {
      loop.step();
    }
    int objects0 = NativeBuffers.collectAndSettle();
    long pool0 = MemoryScope.poolBytes();
    long allocated0 = MemoryScope.poolCounts()[1];
    for (int i = 0; i < STEPS; i++) {
      loop.step();
    }
    int objects = NativeBuffers.collectAndSettle();
    for (int tries = 0; tries < 20 && objects > objects0; tries++) { // a deallocator thread descheduled under load
      objects = NativeBuffers.collectAndSettle();
    }
    assertEquals(pool0, MemoryScope.poolBytes(), "pool bytes after the warm-up vs " + STEPS + " steps later");
    assertEquals(allocated0, MemoryScope.poolCounts()[1], "arrays the pool had to allocate after the warm-up");
    assertTrue(objects0 > 0, "ND4J registered no native objects at all: the count reads the wrong registry");
    assertTrue(objects <= objects0, "ND4J native objects grew from " + objects0 + " after the warm-up to " + objects
        + " after " + STEPS + " more steps");
  }
}
