package org.grpo4j.autograd;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between dense FLOAT arrays in host memory and Java float arrays, for kernels written as plain Java
 * loops (which the JIT vectorizes; many of ND4J's elementwise ops run one element at a time). Only on ND4J's CPU
 * backend; {@code -Dgrpo4j.nd4jKernels=true} turns such kernels off, {@link KernelMode#ND4J} on one thread.
 */
public final class HostFloats {
  /** True on ND4J's CPU backend unless turned off. */
  public static final boolean AVAILABLE = !Boolean.getBoolean("grpo4j.nd4jKernels")
      && Nd4j.getBackend().getClass().getName().equals("org.nd4j.linalg.cpu.nativecpu.CpuBackend");

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
    new FloatPointer(a.data().addressPointer()).get(dst, 0, Math.toIntExact(a.length()));
    return dst;
  }

  /** Copies elements [offset, offset + n) of dense a (C order) into dst[0..n). */
  public static float[] read(INDArray a, long offset, int n, float[] dst) {
    FloatPointer p = new FloatPointer(a.data().addressPointer());
    p.position(p.position() + offset).get(dst, 0, n);
    return dst;
  }

  /** Copies src[0..n) into elements [offset, offset + n) of dense a. */
  public static void write(float[] src, int n, INDArray a, long offset) {
    FloatPointer p = new FloatPointer(a.data().addressPointer());
    p.position(p.position() + offset).put(src, 0, n);
  }

  /** Copies src[0..a.length()) into a. */
  public static void write(float[] src, INDArray a) {
    new FloatPointer(a.data().addressPointer()).put(src, 0, Math.toIntExact(a.length()));
  }
}
