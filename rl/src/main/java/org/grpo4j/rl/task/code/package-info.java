/**
 * Code tasks: generated function-synthesis problems, MultiPL-E and cases-form JSONL loaders, the sandbox reward
 * and the {@code verify code} library call; programs run in {@code org.grpo4j.sandbox}'s worker pool.
 */
package org.grpo4j.rl.task.code;
