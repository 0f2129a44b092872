package org.grpo4j.nn.memory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The memory a new allocation can still get, measured before allocating: heap (what {@link Runtime#maxMemory()}
 * leaves) and off-heap, where ND4J keeps its arrays. Off-heap is the machine's available physical memory
 * ({@code MemAvailable} of {@code /proc/meminfo}, else the OS bean's free memory), capped by JavaCPP's
 * {@code org.bytedeco.javacpp.maxphysicalbytes} when that is set above 0 (the grpo4j launcher sets it to 0, which
 * lifts ND4J's own cap, so the machine is the limit).
 */
public record MemoryBudget(long heapBytes, long offHeapBytes, String offHeapSource) {

  /** Checks that both figures are non-negative. */
  public MemoryBudget {
    if (heapBytes < 0 || offHeapBytes < 0) {
      throw new IllegalArgumentException("memory budget " + heapBytes + " heap / " + offHeapBytes
          + " off-heap bytes must be >= 0");
    }
    if (offHeapSource == null || offHeapSource.isBlank()) {
      throw new IllegalArgumentException("memory budget: the off-heap source must be named");
    }
  }

  /** What this JVM on this machine can give now. */
  public static MemoryBudget current() {
    Runtime rt = Runtime.getRuntime();
    long heap = Math.max(0, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
    long physical = availablePhysical();
    String source = "available physical memory";
    long cap = javacppCap();
    if (cap < physical) {
      physical = cap;
      source = "JavaCPP's maxphysicalbytes";
    }
    return new MemoryBudget(heap, physical, source);
  }

  /** Throws naming {@code what} and both byte counts unless {@code bytes} fit off-heap. */
  public void requireOffHeap(long bytes, Supplier<String> what) {
    if (bytes > offHeapBytes) {
      throw new IllegalArgumentException(what.get() + " needs " + format(bytes) + ", more than the "
          + format(offHeapBytes) + " of " + offHeapSource + " (nothing was allocated)");
    }
  }

  /** Throws naming {@code what} and both byte counts unless {@code bytes} fit in the heap. */
  public void requireHeap(long bytes, Supplier<String> what) {
    if (bytes > heapBytes) {
      throw new IllegalArgumentException(what.get() + " needs " + format(bytes) + " of Java heap, more than the "
          + format(heapBytes) + " left (raise -Xmx, e.g. GRPO4J_JAVA_OPTS=-Xmx16g; nothing was allocated)");
    }
  }

  /** {@code bytes} for people: "1.5 GB (1,500,000,000 bytes)"; {@link Long#MAX_VALUE} reads "more than 9.2 EB". */
  public static String format(long bytes) {
    String exact = String.format(Locale.ROOT, "%,d bytes", bytes);
    if (bytes == Long.MAX_VALUE) {
      return "more than 9.2 EB (the product overflows 64 bits)";
    }
    String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    double v = bytes;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? exact : String.format(Locale.ROOT, "%.1f %s (%s)", v, units[u], exact);
  }

  /** a * b, or {@link Long#MAX_VALUE} when the product overflows (sizes are never negative). */
  public static long times(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** a + b, or {@link Long#MAX_VALUE} when the sum overflows. */
  public static long plus(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long availablePhysical() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemAvailable:")) {
          return times(Long.parseLong(line.replaceAll("[^0-9]", "")), 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall back to the OS bean
    }
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getFreeMemorySize();
    }
    return Long.MAX_VALUE;
  }

  private static long javacppCap() {
    try {
      long max = org.bytedeco.javacpp.Pointer.maxPhysicalBytes();
      return max > 0 ? Math.max(0, max - org.bytedeco.javacpp.Pointer.physicalBytes()) : Long.MAX_VALUE;
    } catch (RuntimeException | LinkageError e) {
      return Long.MAX_VALUE;
    }
  }
}
