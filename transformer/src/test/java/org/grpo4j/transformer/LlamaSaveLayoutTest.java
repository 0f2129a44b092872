package org.grpo4j.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.grpo4j.nn.io.Safetensors;
import org.grpo4j.nn.io.SafetensorsHeader;
import org.grpo4j.nn.io.TensorInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saving writes the Hugging Face layout of the fixture it loaded (transformers is not available here, so this is a
 * structural check): the same tensor names, shapes and dtypes in model.safetensors, every config.json field written
 * equal to the fixture's, and the saved directory loads back to the same weights.
 */
class LlamaSaveLayoutTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-qwen3"})
  void savedDirectoryHasTheFixturesLayout(String name) throws Exception {
    Path src = LlamaFixtureTest.fixture(name);
    LanguageModel model = ModelCheckpoint.load(src);
    Path out = tmp.resolve(name);
    ModelCheckpoint.save(out, model, null);
    assertEquals(tensors(src.resolve("model.safetensors")), tensors(out.resolve("model.safetensors")));
    JsonNode want = JSON.readTree(src.resolve("config.json").toFile());
    JsonNode got = JSON.readTree(out.resolve("config.json").toFile());
    for (Iterator<String> it = got.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      assertTrue(want.has(f), name + ": saved field " + f + " is not in the fixture's config.json");
      assertEquals(want.get(f), got.get(f), name + ": field " + f);
    }
    for (String f : new String[] {"model_type", "architectures", "hidden_size", "num_hidden_layers",
        "num_attention_heads", "num_key_value_heads", "intermediate_size", "vocab_size", "rms_norm_eps",
        "rope_parameters", "tie_word_embeddings", "max_position_embeddings"}) {
      assertTrue(got.has(f), name + ": " + f + " written");
    }
    LanguageModel back = ModelCheckpoint.load(out);
    for (Map.Entry<String, INDArray> e : model.stateDict().entrySet()) {
      assertTrue(e.getValue().equalsWithEps(back.stateDict().get(e.getKey()), 0.0), e.getKey() + " round-trips");
    }
  }

  /** name -> "dtype shape" of every tensor in a safetensors file. */
  private static Map<String, String> tensors(Path file) throws Exception {
    SafetensorsHeader h = Safetensors.readHeader(file);
    Map<String, String> out = new TreeMap<>();
    for (TensorInfo t : h.tensors()) {
      out.put(t.name(), t.dtype() + " " + t.shape());
    }
    return out;
  }
}
