package org.grpo4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.bytedeco.javacpp.Pointer;
import org.grpo4j.autograd.MemoryScope;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One reading of where a training loop's memory sits: heap and off-heap right after a full collection, then, once
 * ND4J's deallocators have freed what it found dead ({@link NativeBuffers}): Java heap in use, resident
 * bytes outside the heap, the part of them JavaCPP tracks (ND4J's data buffers), this thread's array pool, the JVM's
 * own non-heap pools (metaspace, code cache), the native objects ND4J's deallocator still holds once it has freed
 * the dead ones, the bytes of ND4J's shape-info and constant caches, and the pool's reuse counts.
 */
public record MemorySample(int step, long heapUnsettled, long offHeapUnsettled, long heap, long offHeap, long offHeapTrimmed,
    long javacppTracked, long javacppCount, long pool, long jvmNonHeap, int nd4jObjects, long nd4jCaches, long poolHits, long poolMisses) {

  /** Diagnostic only ({@code -Dgrpo4j.bench.trim=true}): also read off-heap after returning free heap to the OS. */
  private static final boolean TRIM = Boolean.getBoolean("grpo4j.bench.trim");

  /** Reads every figure now, on the calling (training) thread. */
  public static MemorySample take(int step) {
    System.gc();
    long heapUnsettled = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    long unsettled = ResidentMemory.read();
    long heap = TrainingMemoryCheck.heapBytes();
    long off = MemoryCheck.offHeapBytes();
    long nonHeap = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.NON_HEAP) {
        nonHeap += p.getUsage().getCommitted();
      }
    }
    long[] counts = MemoryScope.poolCounts();
    int objects = NativeBuffers.collectAndSettle();
    long caches = Nd4j.getShapeInfoProvider().getCachedBytes() + Nd4j.getConstantHandler().getCachedBytes();
    long trimmed = TRIM ? ResidentMemory.trimmedOffHeapBytes() : -1;
    return new MemorySample(step, heapUnsettled, unsettled, heap, off, trimmed, Pointer.totalBytes(),
        Pointer.totalCount(), MemoryScope.poolBytes(), nonHeap, objects, caches,
        counts[0], counts[1]);
  }

  /** One line: step, then each figure in MB (pool counts as they are). */
  public String line() {
    return String.format(java.util.Locale.ROOT,
        "memory sample: step %d right after a collection: heap %.2f MB off-heap %.2f MB; settled: heap %.2f MB off-heap %.2f MB"
            + " (after malloc_trim %.2f MB) javacpp-tracked %.2f MB in %d pointers pool %.2f MB"
            + " jvm-non-heap %.2f MB nd4j-native-objects %d nd4j-caches %.3f MB pool-hits %d pool-misses %d",
        step, heapUnsettled / 1e6, offHeapUnsettled / 1e6, heap / 1e6, offHeap / 1e6, offHeapTrimmed / 1e6,
        javacppTracked / 1e6, javacppCount, pool / 1e6, jvmNonHeap / 1e6, nd4jObjects,
        nd4jCaches / 1e6, poolHits, poolMisses);
  }
}
