package org.grpo4j.rl.chat;

/** One message of a conversation: a role and its text. */
public record ChatMessage(ChatRole role, String content) {

  /** Validates that both parts are present. */
  public ChatMessage {
    if (role == null || content == null) {
      throw new IllegalArgumentException("a chat message needs a role and a content, got role " + role
          + " and content " + (content == null ? "null" : "'" + content + "'"));
    }
  }

  /** A user message. */
  public static ChatMessage user(String content) {
    return new ChatMessage(ChatRole.USER, content);
  }

  /** A system message. */
  public static ChatMessage system(String content) {
    return new ChatMessage(ChatRole.SYSTEM, content);
  }
}
