package org.grpo4j.rl.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.grpo4j.tokenizer.Tokenizer;

/**
 * How a task prompt becomes a chat prompt: the prompt as the user's message (after an optional system message),
 * rendered with the model's chat template and the assistant's turn opened, so the policy sees prompts the way it
 * was trained. Immutable.
 */
public final class ChatPromptFormat {

  /** End-of-turn markers of common chat formats (ChatML, Llama 3, Gemma, Phi-3), besides the template's EOS. */
  static final List<String> END_OF_TURN_MARKERS = List.of("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>");

  private final ChatTemplate template;
  private final String systemPrompt;
  private final Map<String, Object> variables;

  /**
   * A format with {@code template}, a system message (null: none) and extra template variables (for example
   * {@code enable_thinking}).
   */
  public ChatPromptFormat(ChatTemplate template, String systemPrompt, Map<String, Object> variables) {
    if (template == null) {
      throw new IllegalArgumentException("a chat prompt format needs a chat template");
    }
    if (systemPrompt != null && systemPrompt.isBlank()) {
      throw new IllegalArgumentException("system prompt is blank; give text, or no system prompt");
    }
    this.template = template;
    this.systemPrompt = systemPrompt;
    this.variables = Map.copyOf(variables);
  }

  /** The messages a task prompt becomes: the system message, if any, then the prompt as the user's message. */
  public List<ChatMessage> messages(String taskPrompt) {
    List<ChatMessage> out = new ArrayList<>(2);
    if (systemPrompt != null) {
      out.add(ChatMessage.system(systemPrompt));
    }
    out.add(ChatMessage.user(taskPrompt));
    return out;
  }

  /** The chat prompt of {@code taskPrompt}, ending where the assistant's answer begins. */
  public String format(String taskPrompt) {
    return template.render(messages(taskPrompt), true, variables);
  }

  /**
   * The tokens that end the assistant's turn and that {@code tokenizer} has as special tokens: the template's EOS
   * token and the known end-of-turn markers the template writes, in that order.
   */
  public List<String> endOfTurnTokens(Tokenizer tokenizer) {
    Set<String> candidates = new LinkedHashSet<>();
    if (!template.eosToken().isEmpty()) {
      candidates.add(template.eosToken());
    }
    for (String marker : END_OF_TURN_MARKERS) {
      if (template.source().contains(marker)) {
        candidates.add(marker);
      }
    }
    List<String> out = new ArrayList<>();
    for (String c : candidates) {
      if (tokenizer.specialTokenId(c).isPresent()) {
        out.add(c);
      }
    }
    return out;
  }
}
