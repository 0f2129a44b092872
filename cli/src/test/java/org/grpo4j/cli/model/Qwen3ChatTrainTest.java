package org.grpo4j.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

/**
 * {@code grpo4j train --chat-template model} on a tiny Qwen3 whose checkpoint carries Qwen3's official chat template:
 * every rollout prompt is the task prompt in the template (system message, user turn, assistant turn opened), and
 * the completions also stop at the template's end-of-turn token.
 */
class Qwen3ChatTrainTest {
  @TempDir Path tmp;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path tinyQwen3WithTemplate() throws IOException {
    StringBuilder alphabet = new StringBuilder("\n");
    for (char c = ' '; c <= '~'; c++) {
      alphabet.append(c);
    }
    CharTokenizer chars = new CharTokenizer(alphabet.toString(), List.of("<|endoftext|>", "<|im_start|>",
        "<|im_end|>"));
    Path dir = tmp.resolve("qwen3");
    new ModelDirectory(new Llama(LlamaConfig.of(ModelFamily.QWEN3, 1, 32, 4, 2, 64, chars.vocabSize(), 192), 5),
        chars, null).save(dir, null);
    try (InputStream in = Qwen3ChatTrainTest.class.getResourceAsStream("/chat/qwen3.jinja")) {
      Files.write(dir.resolve("chat_template.jinja"), in.readAllBytes());
    }
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|im_end|>\"}");
    return dir;
  }

  @Test
  void rolloutPromptsAreChatFormattedAndStopAtEndOfTurn() throws Exception {
    Path init = tinyQwen3WithTemplate();
    Path out = tmp.resolve("run");
    CliRun r = CliRun.of("train", "--init", init.toString(), "--out", out.toString(), "--no-progress",
        "--chat-template", "model", "--system-prompt", "Be brief.", "--sft-steps", "2", "--sft-batch-size", "2",
        "--prompts-per-step", "2", "--group-size", "2", "--max-new-tokens", "8", "--task-held-out", "4",
        "--eval-every", "0", "--save-every", "0", "--max-steps", "2", "--inner-steps", "1", "--lr", "1e-3",
        "--completions-logged", "4");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = Files.readAllLines(out.resolve("completions.jsonl"), StandardCharsets.UTF_8);
    assertTrue(!lines.isEmpty(), "completions logged");
    for (String line : lines) {
      String prompt = JSON.readTree(line).get("prompt").asText();
      assertTrue(prompt.startsWith("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n"), prompt);
      assertTrue(prompt.endsWith("<|im_end|>\n<|im_start|>assistant\n"), prompt);
    }
    JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
    assertTrue(config.toString().contains("<|im_end|>"), "stop strings hold the end-of-turn token: " + config);
    JsonNode command = JSON.readTree(out.resolve("command.json").toFile());
    assertEquals("MODEL", command.get("chat-template").asText());
    assertEquals("Be brief.", command.get("system-prompt").asText());
    CliRun resumed = CliRun.of("train", "--resume", out.toString(), "--max-steps", "3", "--no-progress");
    assertEquals(0, resumed.exit(), resumed.err());
    List<String> after = Files.readAllLines(out.resolve("completions.jsonl"), StandardCharsets.UTF_8);
    JsonNode last = JSON.readTree(after.get(after.size() - 1));
    assertEquals(3, last.get("step").asInt(), last.toString());
    assertTrue(last.get("prompt").asText().startsWith("<|im_start|>system\nBe brief.<|im_end|>\n"), last.toString());
  }

  @Test
  void withoutTheOptionPromptsStayPlainText() throws Exception {
    Path init = tinyQwen3WithTemplate();
    Path out = tmp.resolve("plain");
    CliRun r = CliRun.of("train", "--init", init.toString(), "--out", out.toString(), "--no-progress",
        "--sft-steps", "0", "--prompts-per-step", "2", "--group-size", "2", "--max-new-tokens", "4",
        "--task-held-out", "4", "--eval-every", "0", "--save-every", "0", "--max-steps", "1", "--inner-steps", "1");
    assertEquals(0, r.exit(), r.err());
    String prompt = JSON.readTree(Files.readAllLines(out.resolve("completions.jsonl")).get(0)).get("prompt").asText();
    assertTrue(!prompt.contains("<|im_start|>"), prompt);
  }
}
