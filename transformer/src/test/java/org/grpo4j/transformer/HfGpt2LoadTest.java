package org.grpo4j.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.nn.ModeScope;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The tiny-gpt2 fixture (a Hugging Face GPT2LMHeadModel saved by transformers/PyTorch) reproduces PyTorch's logits. */
class HfGpt2LoadTest {
  static Path fixture() {
    try {
      return Path.of(HfGpt2LoadTest.class.getResource("/tiny-gpt2/config.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void reproducesPyTorchLogitsTo1e4() throws IOException {
    Path dir = fixture();
    Gpt model = GptCheckpoint.load(dir);
    assertEquals(GptConfig.of(2, 4, 32, 96, 64), model.config());
    JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected_logits.json").toFile());
    int[] ids = new int[expected.get("input_ids").size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = expected.get("input_ids").get(i).asInt();
    }
    INDArray logits;
    try (GradMode.Scope g = GradMode.noGrad(); ModeScope m = model.eval()) {
      logits = model.forward(new int[][] {ids}).data(); // (1, 10, 96)
    }
    double worst = 0;
    for (int t = 0; t < ids.length; t++) {
      for (int v = 0; v < 96; v++) {
        double want = expected.get("logits").get(t).get(v).asDouble();
        worst = Math.max(worst, Math.abs(logits.getDouble(0, t, v) - want));
      }
    }
    assertTrue(worst < 1e-4, "largest difference from PyTorch's logits: " + worst);
  }
}
