package org.grpo4j.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.grpo4j.cli.CliRun;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.transformer.Llama;
import org.grpo4j.transformer.LlamaConfig;
import org.grpo4j.transformer.ModelFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpo4j sft}, {@code score}, {@code sample} and {@code train --init} on a tiny Qwen3 (grouped-query, q/k norms). */
class Qwen3CommandsTest {
  @TempDir Path tmp;

  /** A tiny random Qwen3 with a character tokenizer (printable ASCII, newline, EOS) saved as a model directory. */
  private Path tinyQwen3() {
    StringBuilder alphabet = new StringBuilder("\n");
    for (char c = ' '; c <= '~'; c++) {
      alphabet.append(c);
    }
    CharTokenizer chars = new CharTokenizer(alphabet.toString(), List.of("<|endoftext|>"));
    LlamaConfig c = LlamaConfig.of(ModelFamily.QWEN3, 1, 32, 4, 2, 64, chars.vocabSize(), 64);
    Path dir = tmp.resolve("qwen3");
    new ModelDirectory(new Llama(c, 5), chars, null).save(dir, null);
    return dir;
  }

  @Test
  void sftScoreAndSampleRunOnATinyQwen3() throws Exception {
    Path init = tinyQwen3();
    Path data = tmp.resolve("data.jsonl");
    Files.writeString(data, "{\"prompt\": \"ab\", \"completion\": \"cd\"}\n{\"prompt\": \"ba\", \"completion\": \"dc\"}\n");
    Path out = tmp.resolve("sft");
    CliRun r = CliRun.of("sft", "--init", init.toString(), "--data", data.toString(), "--out", out.toString(),
        "--steps", "30", "--batch-size", "2", "--lr", "1e-2", "--warmup", "0", "--weight-decay", "0");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("sft: 30 steps (30 in all), loss "), r.out());
    String[] losses = r.out().replaceAll(".*loss ([0-9.]+) -> ([0-9.]+),.*\\s*", "$1 $2").trim().split(" ");
    assertTrue(Double.parseDouble(losses[1]) < Double.parseDouble(losses[0]) / 2, "loss falls: " + r.out());
    assertEquals("qwen3", new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("model_type").asText());
    CliRun s = CliRun.of("sample", "--checkpoint", out.toString(), "--prompt", "ab", "--greedy", "--max-new-tokens",
        "2");
    assertEquals(0, s.exit(), s.err());
    assertTrue(s.out().contains("cd"), s.out());
  }

  @Test
  void trainInitRunsGrpoOnATinyQwen3() throws Exception {
    Path init = tinyQwen3();
    Path out = tmp.resolve("run");
    CliRun r = CliRun.of("train", "--init", init.toString(), "--out", out.toString(), "--no-progress",
        "--sft-steps", "2", "--sft-batch-size", "2", "--prompts-per-step", "2", "--group-size", "2",
        "--max-new-tokens", "8", "--task-held-out", "4", "--eval-every", "2", "--save-every", "2", "--max-steps", "2",
        "--inner-steps", "1", "--lr", "1e-3");
    assertEquals(0, r.exit(), r.err());
    Path ckpt = out.resolve("checkpoints/step-2");
    assertTrue(Files.isRegularFile(ckpt.resolve("model.safetensors")), "checkpoint written");
    assertEquals("qwen3", new ObjectMapper().readTree(ckpt.resolve("config.json").toFile()).get("model_type").asText());
    assertEquals(2, Files.readAllLines(out.resolve("metrics.jsonl")).size());
  }
}
