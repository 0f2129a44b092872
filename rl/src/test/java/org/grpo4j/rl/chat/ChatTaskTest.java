package org.grpo4j.rl.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Score;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.WeightedReward;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.junit.jupiter.api.Test;

/** Task prompts formatted with a chat template: Qwen3's official template, a system prompt, and the verifiers' view. */
class ChatTaskTest {
  private static final ChatTemplate QWEN3 = new ChatTemplate(ChatTemplateTest.resource("official/qwen3.jinja"), null,
      "<|im_end|>", ChatTemplateLimits.DEFAULT);

  @Test
  void promptBecomesTheUserTurnWithTheAssistantTurnOpened() {
    assertEquals("<|im_start|>user\nWhat is 2+3?<|im_end|>\n<|im_start|>assistant\n",
        new ChatPromptFormat(QWEN3, null, Map.of()).format("What is 2+3?"));
    assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n"
        + "<think>\n\n</think>\n\n", new ChatPromptFormat(QWEN3, "Be brief.", Map.of("enable_thinking", false))
        .format("q"));
    assertThrows(IllegalArgumentException.class, () -> new ChatPromptFormat(QWEN3, " ", Map.of()));
  }

  @Test
  void endOfTurnTokensAreTheOnesTheTokenizerHas() {
    ChatPromptFormat f = new ChatPromptFormat(QWEN3, null, Map.of());
    assertEquals(List.of("<|im_end|>"), f.endOfTurnTokens(new CharTokenizer("ab", List.of("<|endoftext|>",
        "<|im_end|>"))));
    assertEquals(List.of(), f.endOfTurnTokens(new CharTokenizer("ab", List.of("<|endoftext|>"))));
  }

  @Test
  void problemsAreFormattedAndVerifiersSeeTheTaskPrompt() {
    Problem train = new Problem("t0", "1+1=", "2", "2");
    Problem held = new Problem("h0", "2+2=", "4", null);
    WeightedReward exact = new WeightedReward("exact", 1.0,
        (p, c) -> new Score(p.originalPrompt().equals("1+1=") && c.equals(p.reference()) ? 1.0 : 0.0, "ok", ""));
    Task task = Task.of("toy", i -> train, List.of(held), List.of(exact));
    ChatTask chat = new ChatTask(task, new ChatPromptFormat(QWEN3, null, Map.of()));
    Problem p = chat.trainProblem(0);
    assertEquals("<|im_start|>user\n1+1=<|im_end|>\n<|im_start|>assistant\n", p.prompt());
    assertEquals("1+1=", p.originalPrompt());
    assertEquals(SpecialTokenPolicy.ALLOW, p.promptTokens());
    assertEquals(SpecialTokenPolicy.AS_TEXT, train.promptTokens());
    assertTrue(chat.solved(p, "2"));
    assertFalse(chat.solved(p, "3"));
    assertEquals("<|im_start|>user\n2+2=<|im_end|>\n<|im_start|>assistant\n", chat.heldOut().get(0).prompt());
    assertEquals("1+1=", p.withChatPrompt("again").withChatPrompt("twice").originalPrompt());
    assertEquals("toy", chat.name());
    assertTrue(chat.trainingSet().isEmpty(), "a generated stream lists no training set");
  }

  @Test
  void aDataTasksTrainingSetIsFormattedAsItsStreamIs() {
    List<Problem> problems = List.of(new Problem("a", "1+1=", "2", null), new Problem("b", "2+3=", "5", null),
        new Problem("c", "4+4=", "8", null));
    Task data = org.grpo4j.rl.task.math.DatasetTask.split("toy", problems, 1, 7);
    ChatTask chat = new ChatTask(data, new ChatPromptFormat(QWEN3, null, Map.of()));
    List<Problem> set = chat.trainingSet().orElseThrow();
    assertEquals(data.trainingSet().orElseThrow().stream().map(Problem::id).toList(),
        set.stream().map(Problem::id).toList());
    assertEquals(2, set.size());
    for (long i = 0; i < 4; i++) {
      Problem streamed = chat.trainProblem(i);
      assertTrue(set.stream().anyMatch(p -> p.id().equals(streamed.id()) && p.prompt().equals(streamed.prompt())),
          "problem " + i + " of the stream is in the set as formatted: " + streamed.prompt());
    }
  }

  @Test
  void rolloutsEncodeAChatPromptsSpecialTokensAsSpecialTokens() {
    CharTokenizer chars = new CharTokenizer("\nabcdefghijklmnopqrstuvwxyz+=|<>_ 0123456789", List.of("<|im_start|>",
        "<|im_end|>"));
    var model = new org.grpo4j.transformer.Llama(org.grpo4j.transformer.LlamaConfig.of(
        org.grpo4j.transformer.ModelFamily.QWEN3, 1, 32, 4, 2, 64, chars.vocabSize(), 128), 5);
    var sampler = new org.grpo4j.rl.rollout.RolloutSampler(model, chars);
    Problem plain = new Problem("p", "<|im_start|>1+1=", "2", null);
    Problem chat = new Problem("p", "1+1=", "2", null).withChatPrompt("<|im_start|>1+1=");
    int imStart = chars.specialTokenId("<|im_start|>").getAsInt();
    assertEquals(imStart, sampler.encodePrompt(chat)[0]);
    assertEquals(5, sampler.encodePrompt(chat).length);
    assertTrue(sampler.encodePrompt(plain).length > 5, "a task's own text is never read as special tokens");
  }
}
