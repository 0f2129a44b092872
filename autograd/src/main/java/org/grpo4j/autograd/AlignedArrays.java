package org.grpo4j.autograd;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine's uninitialized float32 arrays ({@link Nd#empty}), each starting on a 64-byte boundary: a cache line,
 * and one AVX-512 register's width. ND4J's own allocations start where malloc puts them, on 16-byte boundaries, so
 * three in four start 16, 32 or 48 bytes into a line, and a vector load or store of their rows touches two lines:
 * oneDNN's GEMM tiles of the peers' training products ran 4.5% (d=128) and 3.6% (d=256) slower on operands 16 bytes
 * off a boundary than on aligned ones (docs/perf.md). Each array's block is a malloc 64 bytes longer than the data,
 * owned by the buffer's pointer: {@link #close} frees it at once, otherwise a {@link Cleaner} frees it once the
 * collector has taken the buffer (as ND4J frees its own arrays). Like ND4J's, the blocks count against no JavaCPP
 * limit ({@link #liveBytes} counts them). {@code -Dgrpo4j.align=false} (or {@link #enable}) leaves allocation to ND4J.
 */
public final class AlignedArrays {
  private AlignedArrays() {}

  /** Bytes of alignment. */
  static final int BYTES = 64;

  private static volatile boolean enabled = !"false".equals(System.getProperty("grpo4j.align"));

  private static final Cleaner CLEANER = Cleaner.create();

  private static final AtomicLong LIVE = new AtomicLong();

  /** Bytes of aligned blocks allocated and not yet freed. */
  public static long liveBytes() {
    return LIVE.get();
  }

  /** Whether new float32 arrays from {@link Nd#empty} are aligned. */
  public static boolean enabled() {
    return enabled;
  }

  /**
   * Turns alignment on or off for arrays allocated from now on; pooled arrays of the other kind are not reused (so
   * an in-process A/B compares the two). Not for use while a step runs on another thread.
   */
  public static void enable(boolean on) {
    enabled = on;
  }

  /** An uninitialized C-order array: float32 on a 64-byte boundary while enabled, else ND4J's own. */
  static INDArray uninitialized(DataType dtype, long[] shape) {
    long n = Nd.length(shape);
    if (!enabled || dtype != DataType.FLOAT || n == 0) {
      return Nd4j.createUninitialized(dtype, shape);
    }
    Block block = new Block(n);
    DataBuffer buffer = Nd4j.createBuffer(block, DataType.FLOAT, n, FloatIndexer.create(block));
    return Nd4j.create(buffer, shape.clone(), Nd4j.getStrides(shape, 'c'), 0, 'c');
  }

  /** A zeroed C-order array: float32 on a 64-byte boundary while enabled (a KV cache's stores), else ND4J's own. */
  public static INDArray zeros(DataType dtype, long... shape) {
    INDArray x = uninitialized(dtype, shape);
    return x.isEmpty() ? x : x.assign(0);
  }

  /** Whether {@code x} is of the kind allocation makes now (aligned while enabled), so the pool may hand it out. */
  static boolean current(INDArray x) {
    return enabled == aligned(x);
  }

  /** Whether {@code x}'s buffer is an aligned block of this class. */
  static boolean aligned(INDArray x) {
    return x.data().pointer() instanceof Block;
  }

  /** Closes {@code x} (closeable, not closed) and frees its block now when it is one of these. */
  public static void close(INDArray x) {
    Pointer p = x.data().pointer(); // read first: closing drops the buffer's pointer
    x.close();
    if (p instanceof Block b) {
      b.free();
    }
  }

  /** n floats on a 64-byte boundary inside a malloc of n + 16 it owns. */
  private static final class Block extends FloatPointer {
    private final Cleaner.Cleanable cleanable;

    Block(long n) {
      super((Pointer) null);
      long bytes = Float.BYTES * n + BYTES;
      long base = Pointer.malloc(bytes).address();
      if (base == 0) {
        throw new OutOfMemoryError("aligned array of " + n + " floats: malloc of " + bytes + " bytes failed");
      }
      address = (base + BYTES - 1) & -BYTES;
      position = 0;
      limit = n;
      capacity = n;
      LIVE.addAndGet(bytes);
      cleanable = CLEANER.register(this, new Release(base, bytes)); // refers to the block's address, not to this
    }

    /** Frees the block now (once; the cleaner then has nothing left to do). */
    void free() {
      cleanable.clean();
    }
  }

  /** Frees one block's malloc. */
  private record Release(long base, long bytes) implements Runnable {
    @Override
    public void run() {
      Pointer.free(new AimedPointer().at(base));
      LIVE.addAndGet(-bytes);
    }
  }
}
