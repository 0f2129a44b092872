package org.grpo4j.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.grpo4j.cli.CliRun;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.grpo4j.transformer.Llama;
import org.grpo4j.transformer.LlamaConfig;
import org.grpo4j.transformer.ModelFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpo4j sample --chat} formats the message with the checkpoint's chat template. */
class SampleChatTest {
  @TempDir Path tmp;
  private final CharTokenizer chars = new CharTokenizer("\nabcdefghijklmnopqrstuvwxyz:<>|_ ", List.of("<|im_end|>"));

  private Path tinyQwen3() {
    Path dir = tmp.resolve("qwen3");
    new ModelDirectory(new Llama(LlamaConfig.of(ModelFamily.QWEN3, 1, 32, 4, 2, 64, chars.vocabSize(), 64), 5),
        chars, null).save(dir, null);
    return dir;
  }

  @Test
  void chatPromptIsTheRenderedTemplateWithSpecialTokens() throws Exception {
    Path dir = tinyQwen3();
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|im_end|>\", \"chat_template\":"
        + " \"{% for m in messages %}{{ m.role }}: {{ m.content }}{{ eos_token }}\\n{% endfor %}"
        + "{% if add_generation_prompt %}assistant:{% endif %}\"}");
    int[] expected = chars.encode("user: hi there<|im_end|>\nassistant:", SpecialTokenPolicy.ALLOW);
    assertTrue(java.util.Arrays.stream(expected).anyMatch(id -> id == chars.specialTokenId("<|im_end|>")
        .getAsInt()), "the special token is one id");
    StringBuilder ids = new StringBuilder();
    for (int id : expected) {
      ids.append(ids.length() == 0 ? "" : " ").append(id);
    }
    CliRun chat = CliRun.of("sample", "--checkpoint", dir.toString(), "--chat", "hi there", "--greedy",
        "--max-new-tokens", "6", "--print-ids");
    String imEnd = String.valueOf(chars.specialTokenId("<|im_end|>").getAsInt());
    CliRun plain = CliRun.of("sample", "--checkpoint", dir.toString(), "--prompt-ids", ids.toString(), "--greedy",
        "--max-new-tokens", "6", "--print-ids", "--stop-ids", imEnd); // --chat stops at the end-of-turn token
    assertEquals(0, chat.exit(), chat.err());
    assertEquals(plain.out(), chat.out());
    assertEquals(plain.err(), chat.err());
    int[] withSystem = chars.encode("system: be nice<|im_end|>\nuser: hi there<|im_end|>\nassistant:",
        SpecialTokenPolicy.ALLOW);
    CliRun system = CliRun.of("sample", "--checkpoint", dir.toString(), "--chat", "hi there", "--system-prompt",
        "be nice", "--greedy", "--max-new-tokens", "6", "--print-ids");
    CliRun systemIds = CliRun.of("sample", "--checkpoint", dir.toString(), "--prompt-ids", org.grpo4j.cli.model
        .TokenIds.format(withSystem), "--greedy", "--max-new-tokens", "6", "--print-ids", "--stop-ids", imEnd);
    assertEquals(0, system.exit(), system.err());
    assertEquals(systemIds.out(), system.out());
    CliRun other = CliRun.of("sample", "--checkpoint", dir.toString(), "--prompt", "hi there", "--greedy",
        "--max-new-tokens", "6", "--print-ids");
    assertEquals(0, other.exit(), other.err());
  }

  @Test
  void missingOrRaisingTemplatesAreOneLineErrors() throws Exception {
    Path dir = tinyQwen3();
    CliRun missing = CliRun.of("sample", "--checkpoint", dir.toString(), "--chat", "hi");
    assertNotEquals(0, missing.exit());
    assertTrue(missing.err().contains("has no chat template"), missing.err());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    Files.writeString(dir.resolve("chat_template.jinja"), "{{ raise_exception('System role not supported') }}");
    CliRun raised = CliRun.of("sample", "--checkpoint", dir.toString(), "--chat", "hi");
    assertNotEquals(0, raised.exit());
    assertTrue(raised.err().contains("raise_exception(\"System role not supported\")"), raised.err());
    assertEquals(1, raised.err().strip().lines().count(), raised.err());
  }
}
