package org.grpo4j.rl.task;

import java.util.Objects;
import org.grpo4j.tokenizer.SpecialTokenPolicy;

/**
 * One task problem: a stable id, the prompt text shown to the policy, the reference its verifier checks against
 * (a gold answer for math, tests as JSON for code), and a worked solution for the SFT warm start (or null).
 *
 * <p>{@code taskPrompt} is null for a prompt as the task wrote it. When the prompt was formatted with a chat
 * template ({@link #withChatPrompt}) it holds the task's own prompt, which verifiers that build on the prompt (code
 * runs prompt + completion) keep using, and the formatted prompt's special-token text ({@code <|im_start|>}) is
 * encoded as special tokens.
 */
public record Problem(String id, String prompt, String reference, String solution, String taskPrompt) {
  /** Checks that id, prompt and reference are given. */
  public Problem {
    Objects.requireNonNull(id, "problem id");
    Objects.requireNonNull(prompt, "problem prompt");
    Objects.requireNonNull(reference, "problem reference");
  }

  /** A problem whose prompt is the task's own text. */
  public Problem(String id, String prompt, String reference, String solution) {
    this(id, prompt, reference, solution, null);
  }

  /** This problem with its prompt replaced by {@code formatted}, the task's prompt in a chat template. */
  public Problem withChatPrompt(String formatted) {
    return new Problem(id, formatted, reference, solution, taskPrompt == null ? prompt : taskPrompt);
  }

  /** Whether the prompt was formatted with a chat template. */
  public boolean chatFormatted() {
    return taskPrompt != null;
  }

  /** The prompt as the task wrote it, before any chat formatting. */
  public String originalPrompt() {
    return taskPrompt == null ? prompt : taskPrompt;
  }

  /** How to encode {@link #prompt()}: special-token text as special tokens only in a chat-formatted prompt. */
  public SpecialTokenPolicy promptTokens() {
    return chatFormatted() ? SpecialTokenPolicy.ALLOW : SpecialTokenPolicy.AS_TEXT;
  }
}
