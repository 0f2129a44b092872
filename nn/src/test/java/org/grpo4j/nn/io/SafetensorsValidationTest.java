package org.grpo4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed file is rejected with a SafetensorsException naming the file and the problem. */
class SafetensorsValidationTest {
  @TempDir Path dir;

  private static String f32(String name, int length, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" + length + "],\"data_offsets\":[" + begin + "," + end + "]}";
  }

  /** Writes {@code content}, reads it, and checks the error message contains the file and every fragment. */
  private SafetensorsException expect(byte[] content, String... fragments) throws Exception {
    Path file = StBytes.put(dir, "bad.safetensors", content);
    SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(file));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }
    SafetensorsException header = assertThrows(SafetensorsException.class, () -> Safetensors.readHeader(file));
    assertEquals(e.getMessage(), header.getMessage(), "readHeader validates the same way");
    return e;
  }

  private static byte[] prefix(long length, int extra) {
    return ByteBuffer.allocate(8 + extra).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
  }

  @Test
  void fileShorterThanThePrefix() throws Exception {
    expect(new byte[5], "file is 5 bytes, shorter than the 8-byte header length prefix");
  }

  @Test
  void headerLengthLargerThanTheFile() throws Exception {
    expect(prefix(1000, 12), "header length 1000 is larger than the file: only 12 bytes follow");
    expect(prefix(-1, 12), "header length 18446744073709551615 is larger than the file");
  }

  @Test
  void malformedJson() throws Exception {
    expect(StBytes.file("{\"a\": "), "header is not valid JSON");
    expect(StBytes.file("{} {}"), "header is not valid JSON");
    expect(StBytes.file("[1, 2]"), "header must be a JSON object, found ARRAY");
    expect(StBytes.file("{" + f32("a", 1, 0, 4) + "," + f32("a", 1, 4, 8) + "}", new byte[8]),
        "header is not valid JSON", "Duplicate field 'a'");
  }

  @Test
  void unknownDtypeIsNamedWithTheSupportedOnes() throws Exception {
    expect(StBytes.file("{\"w\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,1]}}", new byte[1]),
        "tensor 'w' has unknown dtype 'Q4'", "supported dtypes are [F64, F32, F16, BF16, I64, I32, BOOL]");
  }

  @Test
  void malformedEntries() throws Exception {
    expect(StBytes.file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor 'w' needs \"shape\" as an array of non-negative integers, found null");
    expect(StBytes.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]),
        "\"shape\"", "found [-1]");
    expect(StBytes.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[4]),
        "needs \"data_offsets\" as an array of 2 non-negative integers, found [0]");
    expect(StBytes.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4]),
        "data_offsets [4, 0] with end before begin");
    expect(StBytes.file("{\"w\":3}"), "tensor 'w' must be a JSON object");
    expect(StBytes.file("{\"__metadata__\":{\"step\":3}}"), "__metadata__ value of 'step' must be a string");
  }

  @Test
  void overlappingOffsets() throws Exception {
    expect(StBytes.file("{" + f32("a", 2, 0, 8) + "," + f32("b", 2, 4, 12) + "}", new byte[12]),
        "tensor 'b' at bytes [4, 12) overlaps tensor 'a' at bytes [0, 8)");
  }

  @Test
  void holesBetweenAndAfterTensors() throws Exception {
    expect(StBytes.file("{" + f32("a", 1, 0, 4) + "," + f32("b", 1, 8, 12) + "}", new byte[12]),
        "hole in the data section: bytes [4, 8) before tensor 'b' belong to no tensor");
    expect(StBytes.file("{" + f32("a", 1, 4, 8) + "}", new byte[8]), "bytes [0, 4) before tensor 'a'");
    expect(StBytes.file("{" + f32("a", 2, 0, 8) + "}", new byte[12]),
        "it has 12 bytes but the tensors cover only [0, 8); bytes [8, 12) belong to no tensor");
  }

  @Test
  void truncatedFile() throws Exception {
    expect(StBytes.file("{" + f32("a", 1, 0, 4) + "," + f32("b", 4, 4, 20) + "}", new byte[10]),
        "truncated: tensor 'b' needs bytes [4, 20) but the data section has only 10 bytes");
  }

  @Test
  void shapeDisagreesWithOffsets() throws Exception {
    expect(StBytes.file("{" + f32("a", 3, 0, 8) + "}", new byte[8]),
        "tensor 'a' has shape [3] and dtype F32, which needs 12 bytes, but its data_offsets [0, 8] span 8 bytes");
    expect(StBytes.file("{\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,0]}}"),
        "shape [] and dtype F64, which needs 8 bytes");
    expect(StBytes.file("{\"big\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}"),
        "byte size overflows a long");
  }

  @Test
  void validFilesWithPaddingZeroSizeAndScalarsAreAccepted() throws Exception {
    String header = "{\"__metadata__\":{\"k\":\"v\"},\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]},"
        + "\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
        + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[8,12]}}      ";
    byte[] data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putDouble(-0.5).putInt(-7).array();
    Path file = StBytes.put(dir, "ok.safetensors", StBytes.file(header, data));
    SafetensorsFile read = Safetensors.read(file);
    assertEquals(java.util.List.of("e", "s", "i"), java.util.List.copyOf(read.tensors().keySet()));
    assertEquals(java.util.Map.of("k", "v"), read.metadata());
    assertTrue(read.tensor("e").isEmpty());
    assertEquals(java.util.List.of(0L, 3L), java.util.Arrays.stream(read.tensor("e").shape()).boxed().toList());
    assertEquals(-0.5, read.tensor("s").getDouble(0));
    assertEquals(0, read.tensor("s").rank());
    assertEquals(-7, read.tensor("i").getInt(0));
    assertEquals(org.nd4j.linalg.api.buffer.DataType.INT, read.tensor("i").dataType());
  }
}
