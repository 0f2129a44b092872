package org.grpo4j.rl.chat;

import java.util.Arrays;
import java.util.Locale;

/** Who speaks a chat message; templates see the lower-case name ("system", "user", "assistant", "tool"). */
public enum ChatRole {
  SYSTEM, USER, ASSISTANT, TOOL;

  /** The name a chat template compares against. */
  public String templateName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role of a template name, case-insensitively; an unknown name is an error listing the valid ones. */
  public static ChatRole parse(String name) {
    for (ChatRole r : values()) {
      if (r.templateName().equalsIgnoreCase(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("chat role '" + name + "' is not one of "
        + Arrays.stream(values()).map(ChatRole::templateName).toList());
  }
}
