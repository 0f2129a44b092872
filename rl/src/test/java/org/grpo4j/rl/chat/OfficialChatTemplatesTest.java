package org.grpo4j.rl.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The official chat templates of Qwen3, Qwen2.5-Instruct, Llama 3 Instruct and Llama 3.2 Instruct (test resources
 * chat/official, with their source and license in its README) render exactly as Python Jinja2 3.1.6 renders them in
 * transformers' environment: expected.json was written by render_expected.py beside them, for several tool-free
 * conversations, with and without the generation prompt, and Qwen3's enable_thinking absent, false and true.
 */
class OfficialChatTemplatesTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode expected() {
    try (InputStream in = OfficialChatTemplatesTest.class.getResourceAsStream("/chat/official/expected.json")) {
      return JSON.readTree(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("missing test resource chat/official/expected.json", e);
    }
  }

  static List<ChatMessage> messages(JsonNode list) {
    List<ChatMessage> out = new ArrayList<>();
    for (JsonNode m : list) {
      out.add(new ChatMessage(ChatRole.parse(m.get("role").asText()), m.get("content").asText()));
    }
    return out;
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyCaseRendersAsJinja2Does() {
    JsonNode root = expected();
    assertEquals("3.1.6", root.get("jinja2_version").asText());
    List<String> mismatches = new ArrayList<>();
    Set<String> templates = new HashSet<>();
    int n = 0;
    for (JsonNode c : root.get("cases")) {
      String file = c.get("template").asText();
      templates.add(file);
      ChatTemplate t = new ChatTemplate(ChatTemplateTest.resource("official/" + file), text(c.get("bos_token")),
          text(c.get("eos_token")), ChatTemplateLimits.DEFAULT);
      Map<String, Object> extra = JSON.convertValue(c.get("extra"), Map.class);
      String got = t.render(messages(c.get("messages")), c.get("add_generation_prompt").asBoolean(), extra);
      if (!got.equals(c.get("expected").asText())) {
        mismatches.add(file + " " + c.get("conversation").asText() + " generation=" + c.get("add_generation_prompt")
            + " " + extra + ": expected " + c.get("expected") + " got " + JSON.valueToTree(got));
      }
      n++;
    }
    assertEquals(Set.of("qwen3.jinja", "qwen2.5-instruct.jinja", "llama3-instruct.jinja", "llama3.2-instruct.jinja"),
        templates);
    assertTrue(n >= 100, "only " + n + " cases");
    assertEquals(List.of(), mismatches);
  }

  @Test
  void qwen3WithThinkingOffOpensAnEmptyThinkBlock() {
    ChatTemplate t = new ChatTemplate(ChatTemplateTest.resource("official/qwen3.jinja"), null, "<|im_end|>",
        ChatTemplateLimits.DEFAULT);
    assertEquals("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
        t.render(List.of(ChatMessage.user("hi")), true, Map.of("enable_thinking", false)));
  }

  @Test
  void llama32WithoutADatePrintsTodayAsTransformersDoes() {
    ChatTemplate t = new ChatTemplate(ChatTemplateTest.resource("official/llama3.2-instruct.jinja"),
        "<|begin_of_text|>", "<|eot_id|>", ChatTemplateLimits.DEFAULT);
    List<ChatMessage> chat = List.of(ChatMessage.user("hi"));
    String before = PyStrftime.format("%d %b %Y", java.time.ZonedDateTime.now());
    String rendered = t.render(chat, true);
    String after = PyStrftime.format("%d %b %Y", java.time.ZonedDateTime.now());
    assertTrue(rendered.equals(t.render(chat, true, Map.of("date_string", before)))
        || rendered.equals(t.render(chat, true, Map.of("date_string", after))), rendered);
    assertTrue(rendered.contains("Today Date: " + after) || rendered.contains("Today Date: " + before), rendered);
  }

  @Test
  void templateOfOurOwnWithPythonFeaturesRendersAsJinja2Does() {
    ChatTemplate t = new ChatTemplate(ChatTemplateTest.resource("features.j2"), null, null,
        ChatTemplateLimits.DEFAULT);
    int n = 0;
    for (JsonNode c : expected().get("features")) {
      assertEquals(c.get("expected").asText(), t.render(messages(c.get("messages")), false), "case " + n);
      n++;
    }
    assertEquals(3, n);
  }
}
