package org.grpo4j.transformer.sft;

/** One supervised example: a prompt (context, no loss) and its completion (the tokens to learn). */
public record SftExample(int[] prompt, int[] completion) {
  /** Requires a non-empty prompt and completion. */
  public SftExample {
    if (prompt.length == 0 || completion.length == 0) {
      throw new IllegalArgumentException("sft example needs a non-empty prompt and completion, got "
          + prompt.length + " and " + completion.length + " tokens");
    }
    prompt = prompt.clone();
    completion = completion.clone();
  }
}
