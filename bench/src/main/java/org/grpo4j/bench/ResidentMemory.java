package org.grpo4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.Pointer;

/**
 * This process's resident memory outside the Java heap, from {@code /proc/self/smaps}: the resident set minus the
 * mappings of the heap, which with compressed oops (heaps under 32 GiB, as the launcher's) all end at or below
 * 32 GiB. Elsewhere it falls back to the resident set minus the committed heap.
 */
final class ResidentMemory {
  private static final long COMPRESSED_OOPS_LIMIT = 32L << 30;
  private static final Path SMAPS = Path.of("/proc/self/smaps");

  private ResidentMemory() {}

  /** Resident bytes outside the Java heap, read once ND4J has freed what a full collection found dead. */
  static long offHeapBytes() {
    NativeBuffers.collectAndSettle();
    return read();
  }

  /**
   * Resident bytes outside the Java heap once ND4J has freed what a full collection found dead and glibc's
   * {@code malloc_trim(0)} (JavaCPP's private binding of it) has returned the free pages of the C heap to the OS: what
   * native code holds, without the allocator's free lists, whose size depends on the timing of frees.
   */
  static long trimmedOffHeapBytes() {
    NativeBuffers.collectAndSettle();
    try {
      java.lang.reflect.Method trim = Pointer.class.getDeclaredMethod("trimMemory");
      trim.setAccessible(true);
      trim.invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call JavaCPP's Pointer.trimMemory (malloc_trim)", e);
    }
    return read();
  }

  /** Resident bytes outside the Java heap, read now. */
  static long read() {
    if (!Files.isReadable(SMAPS)) {
      return Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(SMAPS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SMAPS, e);
    }
    long total = 0;
    long heap = 0;
    boolean inHeap = false;
    for (String l : lines) {
      int dash = l.indexOf('-');
      int space = l.indexOf(' ');
      if (dash > 0 && space > dash && l.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        long end = Long.parseUnsignedLong(l.substring(dash + 1, space), 16);
        inHeap = Long.compareUnsigned(end, COMPRESSED_OOPS_LIMIT) <= 0;
      } else if (l.startsWith("Rss:")) {
        long kb = Long.parseLong(l.substring(4).replace("kB", "").trim());
        total += kb;
        if (inHeap) {
          heap += kb;
        }
      }
    }
    if (heap == 0) {
      return Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
    }
    return (total - heap) * 1024;
  }
}
