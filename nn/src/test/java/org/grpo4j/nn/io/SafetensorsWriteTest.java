package org.grpo4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The writer's exact byte layout, its handling of views and non-C-order arrays, and its errors. */
class SafetensorsWriteTest {
  @TempDir Path dir;

  @Test
  void theSameMetadataInAnyOrderMakesTheSameBytes() throws Exception {
    Map<String, INDArray> tensors = Map.of("w", Nd4j.createFromArray(1f, 2f));
    Map<String, String> forward = new LinkedHashMap<>();
    Map<String, String> backward = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      forward.put("key" + i, "v" + i);
    }
    for (int i = 11; i >= 0; i--) {
      backward.put("key" + i, "v" + i);
    }
    Path a = dir.resolve("a.safetensors");
    Path b = dir.resolve("b.safetensors");
    Safetensors.write(a, tensors, forward);
    Safetensors.write(b, tensors, backward);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "metadata entries are written sorted by key");
    assertEquals(forward, Safetensors.read(a).metadata());
  }

  @Test
  void writesTheSpecifiedLayoutByteForByte() throws Exception {
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    tensors.put("a", Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}}));
    tensors.put("b", Nd4j.createFromArray(1.5, -2.0));
    Path file = dir.resolve("layout.safetensors");
    Safetensors.write(file, tensors, Map.of("format", "pt"));

    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8, "header padded to a multiple of 8");
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    JsonNode json = new ObjectMapper().readTree(header);
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("__metadata__", "a", "b"), keys, "header keeps the caller's order");
    assertEquals("pt", json.get("__metadata__").get("format").asText());
    assertEquals("F64", json.get("b").get("dtype").asText());
    assertEquals("[0,16]", json.get("b").get("data_offsets").toString(), "8-byte elements first");
    assertEquals("F32", json.get("a").get("dtype").asText());
    assertEquals("[2,2]", json.get("a").get("shape").toString());
    assertEquals("[16,32]", json.get("a").get("data_offsets").toString());
    assertTrue(header.stripTrailing().endsWith("}") && header.length() - header.stripTrailing().length() < 8);
    byte[] data = Arrays.copyOfRange(bytes, 8 + (int) n, bytes.length);
    byte[] expected = ByteBuffer.allocate(32).put(StBytes.doubles(1.5, -2.0)).put(StBytes.floats(1, 2, 3, 4)).array();
    assertArrayEquals(expected, data, "little-endian, C order, F64 block before F32 block");
  }

  @Test
  void viewsAndFortranOrderAreWrittenInCOrder() throws Exception {
    INDArray base = Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(4, 6);
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    tensors.put("rows", base.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all()));
    tensors.put("cols", base.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5)));
    tensors.put("column", base.getColumn(4));
    tensors.put("transposed", base.transpose());
    tensors.put("fortran", base.dup('f'));
    tensors.put("scalarView", base.getScalar(2, 3));
    tensors.put("permuted", base.reshape(2, 3, 4).permute(2, 0, 1));
    Path file = dir.resolve("views.safetensors");
    Safetensors.write(file, tensors);
    SafetensorsFile read = Safetensors.read(file);
    tensors.forEach((name, expected) -> {
      SafetensorsRoundTripTest.assertSame(name, expected, read.tensor(name));
      assertEquals(expected, read.tensor(name), name);
    });
    assertEquals(15.0, read.tensor("scalarView").getDouble(0), "value of the (2, 3) element");
  }

  @Test
  void rejectsTypesThatCannotBeWrittenAndTheReservedName() {
    Path file = dir.resolve("bad.safetensors");
    SafetensorsException half = assertThrows(SafetensorsException.class,
        () -> Safetensors.write(file, Map.of("h", Nd4j.ones(DataType.HALF, 2))));
    assertTrue(half.getMessage().contains("'h'") && half.getMessage().contains("HALF")
        && half.getMessage().contains(file.toString()), half.getMessage());
    SafetensorsException reserved = assertThrows(SafetensorsException.class,
        () -> Safetensors.write(file, Map.of("__metadata__", Nd4j.ones(2))));
    assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
    assertTrue(Files.notExists(file));
  }

  @Test
  void createNewRefusesToOverwrite() throws Exception {
    Path file = dir.resolve("once.safetensors");
    Safetensors.write(file, Map.of("x", Nd4j.ones(3)), Map.of(), WriteMode.CREATE_NEW);
    byte[] before = Files.readAllBytes(file);
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> Safetensors.write(file, Map.of("x", Nd4j.zeros(3)), Map.of(), WriteMode.CREATE_NEW));
    assertTrue(e.getMessage().contains("CREATE_NEW"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    Safetensors.write(file, Map.of("x", Nd4j.zeros(3)));
    assertEquals(Nd4j.zeros(3), Safetensors.read(file).tensor("x"), "REPLACE overwrites");
  }

  @Test
  void emptyFileHasAnEmptyHeader() throws Exception {
    Path file = dir.resolve("empty.safetensors");
    Safetensors.write(file, Map.of());
    assertEquals(16, Files.size(file), "8-byte prefix + \"{}\" padded to 8");
    SafetensorsFile read = Safetensors.read(file);
    assertTrue(read.tensors().isEmpty() && read.metadata().isEmpty());
  }
}
