package org.grpo4j.nn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Hand-built safetensors bytes and element comparisons for the tests (independent of the code under test). */
final class StBytes {
  private StBytes() {}

  /** An 8-byte little-endian length of {@code header}, the header as UTF-8, then {@code data}. */
  static byte[] file(String header, byte[]... data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
    out.writeBytes(json);
    for (byte[] d : data) {
      out.writeBytes(d);
    }
    return out.toByteArray();
  }

  static Path put(Path dir, String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return file;
  }

  static byte[] shorts(int... values) {
    ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putShort((short) v);
    }
    return b.array();
  }

  static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static byte[] doubles(double... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    return b.array();
  }

  /** The elements of {@code a} in C order as exact bit patterns (NaNs canonical), for equality checks. */
  static long[] bits(INDArray a) {
    if (a.length() == 0) {
      return new long[0];
    }
    INDArray c = a.dup('c');
    return switch (c.dataType()) {
      case DOUBLE -> Arrays.stream(c.data().asDouble()).mapToLong(Double::doubleToLongBits).toArray();
      case FLOAT -> {
        float[] f = c.data().asFloat();
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) {
          out[i] = Float.floatToIntBits(f[i]);
        }
        yield out;
      }
      case LONG -> c.data().asLong();
      case INT, BOOL -> Arrays.stream(c.data().asInt()).asLongStream().toArray();
      default -> throw new IllegalArgumentException("unexpected type " + c.dataType());
    };
  }
}
