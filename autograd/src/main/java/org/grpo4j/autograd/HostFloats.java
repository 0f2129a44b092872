package org.grpo4j.autograd;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between dense FLOAT arrays in host memory and Java float arrays, for kernels written as plain Java
 * loops (which the JIT vectorizes; many of ND4J's elementwise ops run one element at a time). Only on ND4J's CPU
 * backend; {@code -Dgrpo4j.nd4jKernels=true} turns such kernels off, {@link KernelMode#ND4J} on one thread.
 *
 * <p>A copy is one bounds-checked JNI memcpy through a thread's own reusable pointer, aimed at the buffer's address:
 * no Java object per call. The path it replaced ({@code new FloatPointer(data.addressPointer()).get(...)}) made five
 * pointer objects and three JNI calls per copy, and the kernels copy in cache-sized chunks, so a GPT training step
 * allocated megabytes of them, fresh heap pages to fault in ({@code docs/perf.md}, "Host copies without objects").
 */
public final class HostFloats {
  /** True on ND4J's CPU backend unless turned off. */
  public static final boolean AVAILABLE = !Boolean.getBoolean("grpo4j.nd4jKernels")
      && Nd4j.getBackend().getClass().getName().equals("org.nd4j.linalg.cpu.nativecpu.CpuBackend");

  private static final ThreadLocal<AimedPointer> AIM = ThreadLocal.withInitial(AimedPointer::new);

  private HostFloats() {}

  /** True when every array is a dense FLOAT array in host memory that fits a Java array. */
  public static boolean usable(INDArray... xs) {
    return usable(DataType.FLOAT, xs);
  }

  /** True when every array is a dense {@code type} array on the CPU backend that a Java array can hold. */
  public static boolean usable(DataType type, INDArray... xs) {
    if (!AVAILABLE || KernelMode.current() != KernelMode.FAST) {
      return false;
    }
    for (INDArray x : xs) {
      if (x.dataType() != type || x.length() > Integer.MAX_VALUE - 8 || !Nd.isDense(x)) {
        return false;
      }
    }
    return true;
  }

  /** Copies a's elements (C order) into dst[0..a.length()). */
  public static float[] read(INDArray a, float[] dst) {
    return read(a, 0, Math.toIntExact(a.length()), dst);
  }

  /** Copies elements [offset, offset + n) of dense a (C order) into dst[0..n). */
  public static float[] read(INDArray a, long offset, int n, float[] dst) {
    check(a, offset, n, dst);
    AIM.get().at(address(a) + 4 * offset).get(dst, 0, n);
    return dst;
  }

  /** Copies src[0..n) into elements [offset, offset + n) of dense a. */
  public static void write(float[] src, int n, INDArray a, long offset) {
    check(a, offset, n, src);
    AIM.get().at(address(a) + 4 * offset).put(src, 0, n);
  }

  /** Copies src[0..a.length()) into a. */
  public static void write(float[] src, INDArray a) {
    write(src, Math.toIntExact(a.length()), a, 0);
  }

  /**
   * The host address of a's first element: its buffer's base address plus the buffer's offset (a view's buffer
   * shares its parent's base; {@code addressPointer()} gives the same address, through JNI and new objects).
   */
  public static long address(INDArray a) {
    DataBuffer d = a.data();
    if (d.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("host copy of a " + d.dataType() + " buffer, expected FLOAT");
    }
    long base = d.address();
    if (base == 0) {
      throw new IllegalStateException("host copy of an array without host memory " + Nd.shape(a));
    }
    return base + 4 * d.offset();
  }

  private static void check(INDArray a, long offset, int n, float[] host) {
    if (offset < 0 || n < 0 || offset + n > a.length() || n > host.length) {
      throw new IndexOutOfBoundsException("host copy of " + n + " floats at " + offset + " between an array of "
          + a.length() + " and a Java array of " + host.length);
    }
  }
}
