/**
 * Chat templates: the Jinja {@code chat_template} of a Hugging Face {@code tokenizer_config.json} rendered with
 * Jinjava, so prompts are formatted the way a model was trained. It lives in {@code rl} (not {@code tokenizer},
 * which stays JDK-only, nor {@code transformer}, which knows no text) because tasks and the CLI format prompts here.
 */
package org.grpo4j.rl.chat;
