package org.grpo4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** F16 and BF16 tensors from hand-built bytes widen to the exact float values. */
class SafetensorsHalfPrecisionTest {
  @TempDir Path dir;

  private static final int[] F16_BITS = {
      0x3C00, 0xC100, 0x7BFF, 0x0001, 0x03FF, 0x0400, 0x8000, 0x0000, 0x7C00, 0xFC00, 0x3555, 0x8001, 0x7E00};
  private static final float[] F16_VALUES = {
      1.0f, -2.5f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, -0.0f, 0.0f,
      Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.333251953125f, -0x1p-24f, Float.NaN};

  private static final int[] BF16_BITS = {
      0x3F80, 0xC020, 0x7F7F, 0x0001, 0x0080, 0x8000, 0x7F80, 0xFF80, 0x4049, 0x7FC0};
  private static final float[] BF16_VALUES = {
      1.0f, -2.5f, 0x1.FEp127f, 0x1p-133f, 0x1p-126f, -0.0f,
      Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3.140625f, Float.NaN};

  @Test
  void f16WidensExactly() throws Exception {
    float[] actual = readFlat("F16", F16_BITS);
    assertBitsEqual(F16_VALUES, actual);
  }

  @Test
  void bf16WidensExactly() throws Exception {
    float[] actual = readFlat("BF16", BF16_BITS);
    assertBitsEqual(BF16_VALUES, actual);
  }

  @Test
  void halfShapesAndMixedDtypesKeepTheirPlace() throws Exception {
    String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[8,10]},"
        + "\"f\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[10,14]}}";
    Path file = StBytes.put(dir, "mixed.safetensors", StBytes.file(header,
        StBytes.shorts(0x3C00, 0x4000, 0x4200, 0x4400), StBytes.shorts(0xC020), StBytes.floats(7f)));
    SafetensorsFile read = Safetensors.read(file);
    INDArray h = read.tensor("h");
    assertEquals(DataType.FLOAT, h.dataType());
    assertArrayEquals(new long[] {2, 2}, h.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4}, h.data().asFloat());
    assertEquals(0, read.tensor("b").rank());
    assertEquals(-2.5f, read.tensor("b").getFloat(0));
    assertEquals(7f, read.tensor("f").getFloat(0), "an F32 at an odd offset after 16-bit tensors");
  }

  /** Every one of the 65536 patterns agrees with the bit-level definition computed independently here. */
  @Test
  void allF16PatternsMatchTheDefinition() throws Exception {
    int[] all = new int[65536];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    float[] actual = readFlat("F16", all);
    for (int i = 0; i < all.length; i++) {
      int exponent = (i >> 10) & 0x1f;
      int mantissa = i & 0x3ff;
      double magnitude = exponent == 0 ? mantissa * Math.pow(2, -24)
          : exponent == 31 ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
          : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
      float expected = (float) ((i & 0x8000) != 0 ? -magnitude : magnitude);
      assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual[i]), "pattern 0x" + Integer.toHexString(i));
    }
  }

  private float[] readFlat(String dtype, int[] bits) throws Exception {
    String header = "{\"x\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + bits.length + "],\"data_offsets\":[0,"
        + 2 * bits.length + "]}}";
    Path file = StBytes.put(dir, dtype + ".safetensors", StBytes.file(header, StBytes.shorts(bits)));
    INDArray x = Safetensors.read(file).tensor("x");
    assertEquals(DataType.FLOAT, x.dataType());
    return x.data().asFloat();
  }

  private static void assertBitsEqual(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      if (Float.isNaN(expected[i])) {
        assertTrue(Float.isNaN(actual[i]), "element " + i + " should be NaN, was " + actual[i]);
      } else {
        assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
            "element " + i + ": expected " + expected[i] + ", was " + actual[i]);
      }
    }
  }
}
