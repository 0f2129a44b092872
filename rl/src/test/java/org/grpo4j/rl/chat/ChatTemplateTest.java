package org.grpo4j.rl.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {

  /**
   * Templates of our own in src/test/resources/chat: custom.j2 carries a namespace out of a loop and uses loop
   * variables, conditionals, inline if-expressions and filters; chatml.j2 is written like Qwen2.5's (no tools). The
   * expected strings were rendered by Python Jinja2 3.1.6 with transformers' settings
   * (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, a raising raise_exception).
   */
  static String resource(String name) {
    try (var in = ChatTemplateTest.class.getResourceAsStream("/chat/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing test resource chat/" + name, e);
    }
  }

  static final String CUSTOM = resource("custom.j2");
  static final String CHATML = resource("chatml.j2");

  @TempDir Path dir;

  private static ChatTemplate template(String source) {
    return new ChatTemplate(source, "<s>", "</s>", ChatTemplateLimits.DEFAULT);
  }

  @Test
  void customTemplateUsesNamespaceLoopsConditionalsAndFilters() {
    List<ChatMessage> chat = List.of(ChatMessage.system("  be brief "), ChatMessage.user("add\n2 and 3"),
        new ChatMessage(ChatRole.ASSISTANT, "5"), ChatMessage.user("and 4?"));
    assertEquals("<s>[BE BRIEF|3 turns]\n1. User: add 2 and 3\n2. Assistant: 5\n3. User: and 4? <end>\n5. Assistant:",
        template(CUSTOM).render(chat, true));
    assertEquals("<s>[NONE|1 turns]\n1. User: hi <end>\n</s>", template(CUSTOM).render(List.of(ChatMessage.user("hi")),
        false));
  }

  @Test
  void chatMlTemplateWithAndWithoutSystemMessage() {
    ChatTemplate t = template(CHATML);
    assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n"
        + "<|im_start|>assistant\n", t.render(List.of(ChatMessage.user("2+2?")), true));
    assertEquals("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\na<|im_end|>\n",
        t.render(List.of(ChatMessage.system("S"), ChatMessage.user("q"), new ChatMessage(ChatRole.ASSISTANT, "a")),
            false));
    ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> t.render(List.of(ChatMessage.user("q"),
        new ChatMessage(ChatRole.TOOL, "a")), false));
    assertTrue(e.getMessage().contains("raise_exception(\"unexpected role tool\")"), e.getMessage());
  }

  @Test
  void extraVariablesReachTheTemplate() {
    ChatTemplate t = template("{% if enable_thinking is defined and not enable_thinking %}<think></think>{% endif %}"
        + "{{ messages[0].content }}");
    assertEquals("<think></think>x", t.render(List.of(ChatMessage.user("x")), true, Map.of("enable_thinking", false)));
    assertEquals("x", t.render(List.of(ChatMessage.user("x")), true));
  }

  @Test
  void raiseExceptionIsAOneLineError() {
    ChatTemplate t = template("{% if messages[0].role != 'system' %}{{ raise_exception('Conversation roles must "
        + "alternate user/assistant/user/assistant/...') }}{% endif %}ok");
    ChatTemplateException e = assertThrows(ChatTemplateException.class,
        () -> t.render(List.of(ChatMessage.user("x")), true));
    assertTrue(e.getMessage().contains("raise_exception(\"Conversation roles must alternate"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertEquals("ok", t.render(List.of(ChatMessage.system("x")), true));
  }

  @Test
  void runawayTemplatesHitTheLimits() {
    ChatTemplateLimits small = new ChatTemplateLimits(10_000, 20, 1_000, 10);
    ChatTemplate nested = new ChatTemplate("{% for i in range(1000) %}{% for j in range(1000) %}xxxxxxxxxx"
        + "{% endfor %}{% endfor %}", null, null, small);
    ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> nested.render(List.of(), true));
    assertTrue(e.getMessage().toLowerCase().contains("output"), e.getMessage());
    ChatTemplate recursive = new ChatTemplate("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", null, null,
        small);
    e = assertThrows(ChatTemplateException.class, () -> recursive.render(List.of(), true));
    assertTrue(e.getMessage().toLowerCase().contains("recursion") || e.getMessage().contains("depth"),
        e.getMessage());
  }

  @Test
  void malformedTemplateIsAnError() {
    ChatTemplateException e = assertThrows(ChatTemplateException.class,
        () -> template("{% for m in messages %}{{ m.content }}").render(List.of(ChatMessage.user("a")), true));
    assertTrue(e.getMessage().startsWith("chat template failed"), e.getMessage());
    assertThrows(ChatTemplateException.class, () -> template("  "));
    e = assertThrows(ChatTemplateException.class, () -> template("{% for m in messages recursive %}x{% endfor %}")
        .render(List.of(ChatMessage.user("a")), true));
    assertTrue(e.getMessage().contains("recursive for loop"), e.getMessage());
    e = assertThrows(ChatTemplateException.class, () -> template("{{ messages[0].content.zfill(3) }}")
        .render(List.of(ChatMessage.user("a")), true));
    assertTrue(e.getMessage().contains("zfill"), e.getMessage());
  }

  @Test
  void macrosWithDefaultsAndKeywordArguments() {
    ChatTemplate t = template("{% macro greet(name, punct='!') %}hi {{ name }}{{ punct }}{% endmacro %}"
        + "{{ greet(messages[0].content) }} {{ greet('b', punct='?' ~ '?') }}");
    assertEquals("hi a! hi b??", t.render(List.of(ChatMessage.user("a")), false)); // as Jinja2 3.1.6 renders it
  }

  @Test
  void loopFiltersCountOnlyTheKeptItemsAndEachIterationHasItsOwnScope() {
    ChatTemplate t = template("{% for m in messages if m.role != 'system' %}{{ loop.index }}/{{ loop.length }}"
        + "{% if loop.first %}{% set seen = 'x' %}{% endif %}[{{ seen }}]{% endfor %}");
    assertEquals("1/2[x]2/2[]", t.render(List.of(ChatMessage.system("s"), ChatMessage.user("a"),
        ChatMessage.user("b")), false));
  }

  @Test
  void loadsFromTokenizerConfigOrJinjaFile() throws IOException {
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": {\"content\": \"<B>\"}, \"eos_token\":"
        + " \"<E>\", \"chat_template\": \"{{ bos_token }}{{ messages[0].content }}{{ eos_token }}\"}");
    assertEquals("<B>hi<E>", ChatTemplateFiles.load(dir).render(List.of(ChatMessage.user("hi")), true));
    Files.writeString(dir.resolve("chat_template.jinja"), "J{{ messages | length }}");
    assertEquals("J1", ChatTemplateFiles.load(dir).render(List.of(ChatMessage.user("hi")), true));
    Files.delete(dir.resolve("chat_template.jinja"));
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": [{\"name\": \"tool_use\","
        + " \"template\": \"T\"}, {\"name\": \"default\", \"template\": \"D\"}]}");
    assertEquals("D", ChatTemplateFiles.load(dir).render(List.of(), false));
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<E>\"}");
    ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> ChatTemplateFiles.load(dir));
    assertTrue(e.getMessage().contains("has no chat template"), e.getMessage());
  }

  @Test
  void unknownRoleNamesTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatRole.parse("robot"));
    assertEquals("chat role 'robot' is not one of [system, user, assistant, tool]", e.getMessage());
  }
}
