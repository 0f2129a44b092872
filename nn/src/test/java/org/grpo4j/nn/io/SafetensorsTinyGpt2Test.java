package org.grpo4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The tiny GPT-2 checkpoint saved by Hugging Face transformers reads with the names, shapes and values it holds. */
class SafetensorsTinyGpt2Test {
  private static Path fixture() throws Exception {
    URL url = SafetensorsTinyGpt2Test.class.getResource("/tiny-gpt2/model.safetensors");
    assertNotNull(url, "test resource tiny-gpt2/model.safetensors");
    return Path.of(url.toURI());
  }

  @Test
  void knownTensorsHaveTheirShapes() throws Exception {
    SafetensorsFile file = Safetensors.read(fixture());
    assertEquals(28, file.tensors().size(), "2 layers x 12 + ln_f (2) + wte + wpe; no lm_head (tied)");
    assertEquals(Map.of("format", "pt"), file.metadata());
    assertArrayEquals(new long[] {96, 32}, file.tensor("transformer.wte.weight").shape());
    assertArrayEquals(new long[] {64, 32}, file.tensor("transformer.wpe.weight").shape());
    assertArrayEquals(new long[] {32, 96}, file.tensor("transformer.h.0.attn.c_attn.weight").shape(), "Conv1D (in, out)");
    assertArrayEquals(new long[] {128, 32}, file.tensor("transformer.h.1.mlp.c_proj.weight").shape());
    assertArrayEquals(new long[] {32}, file.tensor("transformer.ln_f.bias").shape());
  }

  /** Names, order, dtypes, shapes and every value agree with a parse of the raw bytes done here with Jackson. */
  @Test
  void everyTensorMatchesTheRawFile() throws Exception {
    byte[] bytes = Files.readAllBytes(fixture());
    ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) le.getLong(0);
    JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, n, java.nio.charset.StandardCharsets.UTF_8));
    List<String> names = new ArrayList<>();
    header.fieldNames().forEachRemaining(k -> {
      if (!k.equals("__metadata__")) {
        names.add(k);
      }
    });
    SafetensorsFile file = Safetensors.read(fixture());
    assertEquals(names, List.copyOf(file.tensors().keySet()), "header order");
    for (String name : names) {
      JsonNode entry = header.get(name);
      assertEquals("F32", entry.get("dtype").asText(), name);
      INDArray t = file.tensor(name);
      assertEquals(DataType.FLOAT, t.dataType(), name);
      long[] shape = new long[entry.get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = entry.get("shape").get(i).asLong();
      }
      assertArrayEquals(shape, t.shape(), name);
      int begin = 8 + n + entry.get("data_offsets").get(0).asInt();
      float[] expected = new float[(int) t.length()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = le.getFloat(begin + 4 * i);
      }
      assertArrayEquals(expected, t.data().asFloat(), name);
    }
    SafetensorsHeader only = Safetensors.readHeader(fixture());
    assertEquals(names, only.tensors().stream().map(TensorInfo::name).toList());
    assertEquals(List.of(96L, 32L), only.tensor("transformer.wte.weight").shape());
    assertEquals(8 + n, only.dataStart());
  }
}
