package org.grpo4j.autograd.ops;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.bytedeco.javacpp.Pointer;

/**
 * Native memory for packed weight tiles ({@link PackedGemm}), kept when a {@link PackedWeights} scope closes and
 * handed to the next scope that asks for a block of the same size, so a rollout repacks changed weights into pages
 * the last rollout already faulted in. Fresh pages cost: GPT-2 small's tied head (two 77 MB tiles) took 230-340 ms a
 * tile to pack into new memory and 10-16 ms into memory already touched, on a machine whose page faults cost
 * ~12-17 us each (docs/perf.md). Kept blocks never exceed the most bytes in use at once, least recently returned
 * freed first; {@link PackedWeights#releaseKept()} frees them all, and {@code -Dgrpo4j.packed.keep=false} frees
 * every block when its scope closes.
 */
final class PackedBuffers {
  private PackedBuffers() {}

  /** False with {@code -Dgrpo4j.packed.keep=false}: blocks are freed when their scope closes. */
  static final boolean KEEP = !"false".equals(System.getProperty("grpo4j.packed.keep"));

  /** Alignment of a block's first byte: a cache line, as oneDNN aligns its own memory. */
  private static final int ALIGN = 64;

  /** A block of at least {@code bytes} bytes at a 64-byte aligned {@code address}, owned by {@code owner}. */
  record Block(Pointer owner, long address, long bytes) {}

  private static final Deque<Block> KEPT = new ArrayDeque<>(); // most recently returned first
  private static long keptBytes;
  private static long inUseBytes;
  private static long peakInUseBytes;
  private static long allocations;

  /** A block of exactly {@code bytes} usable bytes: a kept one of that size if there is one, else a new one. */
  static synchronized Block take(long bytes) {
    for (Iterator<Block> it = KEPT.iterator(); it.hasNext(); ) {
      Block b = it.next();
      if (b.bytes() == bytes) {
        it.remove();
        keptBytes -= bytes;
        use(bytes);
        return b;
      }
    }
    Pointer owner = Pointer.malloc(bytes + ALIGN - 1);
    if (owner == null || owner.isNull()) {
      throw new OutOfMemoryError("packed weights: no " + (bytes + ALIGN - 1) + " bytes of native memory for a tile");
    }
    allocations++;
    use(bytes);
    return new Block(owner, (owner.address() + ALIGN - 1) / ALIGN * ALIGN, bytes);
  }

  /** Returns a block taken by {@link #take}: kept for the next scope, or freed (see the class comment). */
  static synchronized void give(Block b) {
    inUseBytes -= b.bytes();
    if (!KEEP) {
      Pointer.free(b.owner());
      return;
    }
    KEPT.addFirst(b);
    keptBytes += b.bytes();
    while (keptBytes + inUseBytes > peakInUseBytes) {
      Block old = KEPT.removeLast();
      keptBytes -= old.bytes();
      Pointer.free(old.owner());
    }
  }

  /** Frees every kept block; blocks in use stay with their scopes. */
  static synchronized void releaseKept() {
    for (Block b : KEPT) {
      Pointer.free(b.owner());
    }
    KEPT.clear();
    keptBytes = 0;
    peakInUseBytes = inUseBytes;
  }

  /** Bytes kept for reuse now. */
  static synchronized long keptBytes() {
    return keptBytes;
  }

  /** Blocks allocated so far (a kept block handed out again is not counted). */
  static synchronized long allocations() {
    return allocations;
  }

  private static void use(long bytes) {
    inUseBytes += bytes;
    peakInUseBytes = Math.max(peakInUseBytes, inUseBytes);
  }
}
