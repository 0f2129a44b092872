/** Model directories: a GPT checkpoint with its tokenizer, loaded and saved as one unit. */
package org.grpo4j.rl.model;
