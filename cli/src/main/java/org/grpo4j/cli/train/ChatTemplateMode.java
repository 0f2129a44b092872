package org.grpo4j.cli.train;

/** Whether {@code grpo4j train} formats task prompts with a chat template ({@code --chat-template}). */
enum ChatTemplateMode {
  /** Task prompts are given to the policy as plain text. */
  NONE,
  /** Task prompts become the user's message in the --init checkpoint's own chat template, assistant turn opened. */
  MODEL
}
