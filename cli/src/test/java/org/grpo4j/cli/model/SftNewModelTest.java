package org.grpo4j.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.grpo4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpo4j sft --model-type qwen3 ...} trains a new grouped-query Qwen3 from scratch. */
class SftNewModelTest {
  @TempDir Path tmp;

  @Test
  void newQwen3WithGroupedQueryAttentionLearnsAndSaves() throws Exception {
    Path data = tmp.resolve("data.jsonl");
    Files.writeString(data, "{\"prompt\": \"ab\", \"completion\": \"cd\"}\n{\"prompt\": \"ba\", \"completion\": \"dc\"}\n");
    Path out = tmp.resolve("sft");
    CliRun r = CliRun.of("sft", "--data", data.toString(), "--out", out.toString(), "--char-vocab", "--model-type",
        "QWEN3", "--n-layer", "1", "--n-head", "4", "--n-kv-head", "2", "--n-embd", "32", "--intermediate-size", "48",
        "--steps", "30", "--batch-size", "2", "--lr", "1e-2", "--warmup", "0", "--weight-decay", "0");
    assertEquals(0, r.exit(), r.err());
    String[] losses = r.out().replaceAll(".*loss ([0-9.]+) -> ([0-9.]+),.*\\s*", "$1 $2").trim().split(" ");
    assertTrue(Double.parseDouble(losses[1]) < Double.parseDouble(losses[0]) / 2, "loss falls: " + r.out());
    JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
    assertEquals("qwen3", config.get("model_type").asText());
    assertEquals(2, config.get("num_key_value_heads").asInt());
    assertEquals(48, config.get("intermediate_size").asInt());
    CliRun s = CliRun.of("sample", "--checkpoint", out.toString(), "--prompt", "ab", "--greedy", "--max-new-tokens",
        "2");
    assertEquals(0, s.exit(), s.err());
    assertTrue(s.out().contains("cd"), s.out());
  }

  @Test
  void badNewModelOptionsNameTheValue() throws Exception {
    Path data = tmp.resolve("data.jsonl");
    Files.writeString(data, "{\"prompt\": \"ab\", \"completion\": \"cd\"}\n");
    CliRun kv = CliRun.of("sft", "--data", data.toString(), "--out", tmp.resolve("a").toString(), "--char-vocab",
        "--model-type", "LLAMA", "--n-head", "4", "--n-kv-head", "3", "--steps", "1");
    assertNotEquals(0, kv.exit());
    assertTrue(kv.err().contains("not divisible by num_key_value_heads 3"), kv.err());
    CliRun drop = CliRun.of("sft", "--data", data.toString(), "--out", tmp.resolve("b").toString(), "--char-vocab",
        "--model-type", "QWEN2", "--dropout", "0.1", "--steps", "1");
    assertNotEquals(0, drop.exit());
    assertTrue(drop.err().contains("--dropout 0.1 is for GPT-2 models only"), drop.err());
  }
}
