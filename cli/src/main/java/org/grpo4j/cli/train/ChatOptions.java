package org.grpo4j.cli.train;

import java.nio.file.Path;
import java.util.Map;
import org.grpo4j.rl.chat.ChatPromptFormat;
import org.grpo4j.rl.chat.ChatTemplateException;
import org.grpo4j.rl.chat.ChatTemplateFiles;
import org.grpo4j.rl.chat.ChatTask;
import org.grpo4j.rl.task.Task;
import picocli.CommandLine.Option;

/** How task prompts reach the policy: plain text, or formatted with the model's chat template. */
final class ChatOptions {
  @Option(names = "--chat-template", description = "task prompts: ${COMPLETION-CANDIDATES}; MODEL formats each as the "
      + "user's message in the --init checkpoint's chat template, the assistant's turn opened, and stops at its "
      + "end-of-turn token (default ${DEFAULT-VALUE})")
  ChatTemplateMode mode = ChatTemplateMode.NONE;

  @Option(names = "--system-prompt", paramLabel = "TEXT", description = "with --chat-template MODEL: a system message "
      + "before each prompt")
  String systemPrompt;

  /**
   * The prompt format for a policy from {@code init} (null for {@link ChatTemplateMode#NONE}); loads the template
   * now, so a missing or broken one stops the run before anything is written.
   */
  ChatPromptFormat format(Path init) {
    if (mode == ChatTemplateMode.NONE) {
      if (systemPrompt != null) {
        throw new IllegalArgumentException("--system-prompt '" + systemPrompt + "' needs --chat-template "
            + ChatTemplateMode.MODEL + " (task prompts are plain text with --chat-template " + ChatTemplateMode.NONE
            + ")");
      }
      return null;
    }
    if (init == null) {
      throw new IllegalArgumentException("--chat-template " + mode + " needs --init DIR, a checkpoint with a chat "
          + "template; a new model has none (use --chat-template " + ChatTemplateMode.NONE + ")");
    }
    if (systemPrompt != null && systemPrompt.isBlank()) {
      throw new IllegalArgumentException("--system-prompt '" + systemPrompt + "' is blank; give text or leave it out");
    }
    try {
      ChatPromptFormat format = new ChatPromptFormat(ChatTemplateFiles.load(init), systemPrompt, Map.of());
      format.format("1+1?"); // a template that raises or fails stops the run here, before anything is written
      return format;
    } catch (ChatTemplateException e) {
      throw new IllegalArgumentException("--chat-template " + mode + ": " + e.getMessage().replaceFirst(
          "; pass the prompt as plain text with --prompt$", "; use --chat-template " + ChatTemplateMode.NONE), e);
    }
  }

  /** {@code task} as the policy sees it: unchanged, or with chat-formatted prompts. */
  static Task apply(Task task, ChatPromptFormat format) {
    return format == null ? task : new ChatTask(task, format);
  }
}
