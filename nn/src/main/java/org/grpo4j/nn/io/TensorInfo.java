package org.grpo4j.nn.io;

import java.util.List;
import java.util.Objects;

/**
 * One tensor entry of a safetensors header: its name, dtype, shape and byte range {@code [begin, end)} relative to
 * the start of the data section.
 */
public record TensorInfo(String name, SafetensorsDtype dtype, List<Long> shape, long begin, long end) {

  /** Validates the entry: non-negative dimensions and offsets, {@code begin <= end}. */
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = List.copyOf(shape);
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("tensor '" + name + "' has negative dimension " + d + " in shape " + shape);
      }
    }
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("tensor '" + name + "' has data_offsets [" + begin + ", " + end
          + "]; expected 0 <= begin <= end");
    }
  }

  /** The shape as an array (a fresh copy). */
  public long[] shapeArray() {
    return shape.stream().mapToLong(Long::longValue).toArray();
  }

  /** Number of elements: the product of the shape (1 for a scalar), or -1 if it overflows a long. */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return n;
  }

  /** Number of bytes the data occupies: {@code end - begin}. */
  public long byteLength() {
    return end - begin;
  }
}
