package org.grpo4j.nn.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The safetensors element types grpo4j reads, each with its byte size and the ND4J type it is read into.
 *
 * <p>F16 and BF16 are widened to FLOAT on reading (exactly: every half and bfloat16 value is a float); all others keep
 * their precision: F64 to DOUBLE, F32 to FLOAT, I64 to LONG (= INT64), I32 to INT (= INT32), BOOL to BOOL. Writing
 * supports the types whose ND4J layout is identical to the file's: F64, F32, I64, I32 and BOOL, so every written file
 * reads back with the same ND4J types.
 */
public enum SafetensorsDtype {
  F64(8, DataType.DOUBLE, true),
  F32(4, DataType.FLOAT, true),
  F16(2, DataType.FLOAT, false),
  BF16(2, DataType.FLOAT, false),
  I64(8, DataType.LONG, true),
  I32(4, DataType.INT, true),
  BOOL(1, DataType.BOOL, true);

  private final int byteSize;
  private final DataType readType;
  private final boolean writable;

  SafetensorsDtype(int byteSize, DataType readType, boolean writable) {
    this.byteSize = byteSize;
    this.readType = readType;
    this.writable = writable;
  }

  /** Bytes per element in the file. */
  public int byteSize() {
    return byteSize;
  }

  /** The ND4J type a tensor of this dtype is read into. */
  public DataType readType() {
    return readType;
  }

  /** True when the raw file bytes are the ND4J array bytes (no conversion on reading or writing). */
  boolean rawCopy() {
    return writable;
  }

  /** The dtype named {@code name} in the header of {@code file}; unknown names list the supported ones. */
  static SafetensorsDtype parse(String name, String tensor, Path file) {
    for (SafetensorsDtype d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new SafetensorsException(file, "tensor '" + tensor + "' has unknown dtype '" + name
        + "'; supported dtypes are " + names(false));
  }

  /** The file dtype used to write an ND4J array of type {@code type}. */
  static SafetensorsDtype forWriting(DataType type, String tensor, Path file) {
    for (SafetensorsDtype d : values()) {
      if (d.writable && d.readType == type) {
        return d;
      }
    }
    throw new SafetensorsException(file, "cannot write tensor '" + tensor + "' of ND4J type " + type
        + "; writable types are DOUBLE, FLOAT, LONG, INT and BOOL (as " + names(true) + "); cast it first");
  }

  private static String names(boolean writableOnly) {
    return Arrays.stream(values()).filter(d -> !writableOnly || d.writable).map(Enum::name)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
