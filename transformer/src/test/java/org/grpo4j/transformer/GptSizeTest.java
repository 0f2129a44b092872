package org.grpo4j.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grpo4j.nn.memory.MemoryBudget;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** GptSize: the parameter count a config implies, 64-bit arithmetic and the memory check before allocating. */
class GptSizeTest {
  @Test
  void theCountEqualsTheModelsParameters() {
    GptConfig c = GptConfig.of(3, 2, 12, 37, 19);
    long n = new Gpt(c, 1).parameters().stream().mapToLong(p -> p.data().length()).sum();
    assertEquals(n, new GptSize(c).parameters());
    assertEquals(4 * n, new GptSize(c).bytes(DataType.FLOAT));
  }

  @Test
  void hugeConfigsSaturateAndAreRefusedNamingTheField() {
    GptConfig huge = GptConfig.of(Integer.MAX_VALUE, 1, Integer.MAX_VALUE, 50257, 1024);
    assertEquals(Long.MAX_VALUE, new GptSize(huge).bytes(DataType.FLOAT));
    GptConfig layers = GptConfig.of(1_000_000, 12, 768, 50257, 1024);
    var e = assertThrows(IllegalArgumentException.class, () -> new GptSize(layers).requireFits(
        new MemoryBudget(1L << 30, 1L << 30, "test"), 1, DataType.FLOAT, "a test"));
    assertTrue(e.getMessage().contains("n_layer 1000000") && e.getMessage().contains(" TB ("), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Gpt(layers, 0), "refused before allocating");
  }
}
