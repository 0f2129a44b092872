package org.grpo4j.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.grpo4j.rl.chat.ChatPromptFormat;
import org.grpo4j.rl.chat.ChatTask;
import org.grpo4j.rl.chat.ChatTemplate;
import org.grpo4j.rl.chat.ChatTemplateLimits;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.grpo4j.transformer.sft.SftExample;
import org.junit.jupiter.api.Test;

/** The warm start's examples end each solution with the token an answer ends with in the task's prompt format. */
class WarmStartTest {
  private static final CharTokenizer CHARS = new CharTokenizer("\nabcdefghijklmnopqrstuvwxyz",
      List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"));
  private static final ChatTemplate CHATML = new ChatTemplate("{% for m in messages %}<|im_start|>{{ m.role }}\n"
      + "{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}",
      null, "<|im_end|>", ChatTemplateLimits.DEFAULT);
  private static final TrainConfig CONFIG = TrainConfig.builder().sftSteps(2).sftBatchSize(3).build();

  @Test
  void plainTaskSolutionsEndWithEndOfText() {
    List<SftExample> data = WarmStart.examples(CHARS, new TinyTask(), CONFIG);
    assertEquals(6, data.size());
    int eot = CHARS.specialTokenId("<|endoftext|>").getAsInt();
    assertArrayEquals(new int[] {id('b'), id('b'), id('b'), eot}, data.get(0).completion());
    assertArrayEquals(CHARS.encode("a"), data.get(0).prompt());
  }

  @Test
  void chatTaskSolutionsEndWithTheTemplatesEndOfTurnAfterTheFormattedPrompt() {
    ChatTask chat = new ChatTask(new TinyTask(), new ChatPromptFormat(CHATML, null, Map.of()));
    List<SftExample> data = WarmStart.examples(CHARS, chat, CONFIG);
    int imEnd = CHARS.specialTokenId("<|im_end|>").getAsInt();
    assertArrayEquals(new int[] {id('b'), id('b'), id('b'), imEnd}, data.get(1).completion());
    assertArrayEquals(CHARS.encode("<|im_start|>user\nab<|im_end|>\n<|im_start|>assistant\n",
        SpecialTokenPolicy.ALLOW), data.get(1).prompt());
  }

  private static int id(char c) {
    return CHARS.encode(String.valueOf(c))[0];
  }
}
