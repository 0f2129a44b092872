package org.grpo4j.transformer.sample;

/** Why a sequence stopped generating. */
public enum StopReason {
  /** It produced one of the stop tokens (the stop token is the last generated token). */
  STOP_TOKEN,
  /** It generated the maximum number of new tokens. */
  MAX_NEW_TOKENS,
  /** Prompt plus generated tokens filled the model's context (n_positions). */
  CONTEXT_FULL
}
