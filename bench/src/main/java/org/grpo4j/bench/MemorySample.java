package org.grpo4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.grpo4j.autograd.MemoryScope;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One reading of where a training loop's memory sits. Right after a full collection: heap and off-heap as they read
 * then. Once ND4J's deallocators have freed what the collection found dead ({@link NativeBuffers}): heap, off-heap
 * resident bytes, the same after glibc's free lists went back to the OS ({@code malloc_trim}), the native objects
 * ND4J still holds, the bytes of ND4J's shape-info and constant caches, the bytes and pointers JavaCPP tracks (ND4J's
 * data buffers are allocated by libnd4j, not through JavaCPP, so not among them), the pool's free bytes and reuse
 * counts, and the JVM's committed non-heap pools (metaspace, code cache).
 */
record MemorySample(int step, long heapRightAfterGc, long offHeapRightAfterGc, long heap, long offHeap,
    long offHeapTrimmed, int nd4jObjects, long nd4jCaches, long javacppBytes, long javacppPointers, long poolBytes,
    long poolHits, long poolMisses, long jvmNonHeap) {

  /** Reads every figure now, on the calling (training) thread; returns glibc's free lists to the OS on the way. */
  static MemorySample take(int step) {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long heapNow = rt.totalMemory() - rt.freeMemory();
    long offNow = ResidentMemory.read();
    long heap = TrainingMemoryCheck.heapBytes();
    long off = MemoryCheck.offHeapBytes();
    long trimmed = ResidentMemory.trimmedOffHeapBytes();
    int objects = NativeBuffers.collectAndSettle();
    long caches = Nd4j.getShapeInfoProvider().getCachedBytes() + Nd4j.getConstantHandler().getCachedBytes();
    long[] counts = MemoryScope.poolCounts();
    long nonHeap = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.NON_HEAP) {
        nonHeap += p.getUsage().getCommitted();
      }
    }
    return new MemorySample(step, heapNow, offNow, heap, off, trimmed, objects, caches, Pointer.totalBytes(),
        Pointer.totalCount(), MemoryScope.poolBytes(), counts[0], counts[1], nonHeap);
  }

  /** One line: step, then each figure (bytes in MB). */
  String line() {
    return String.format(Locale.ROOT, "memory at step %d: right after a collection heap %.2f MB, off-heap %.2f MB;"
        + " settled heap %.2f MB, off-heap %.2f MB, trimmed %.2f MB; ND4J native objects %d, caches %.3f MB;"
        + " JavaCPP %.2f MB in %d pointers; pool %.2f MB, %d reused, %d allocated; JVM non-heap %.2f MB",
        step, heapRightAfterGc / 1e6, offHeapRightAfterGc / 1e6, heap / 1e6, offHeap / 1e6, offHeapTrimmed / 1e6,
        nd4jObjects, nd4jCaches / 1e6, javacppBytes / 1e6, javacppPointers, poolBytes / 1e6, poolHits, poolMisses,
        jvmNonHeap / 1e6);
  }
}
