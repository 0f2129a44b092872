/** Tasks for RL fine-tuning: problems, reward functions and their weights; math in {@code math}, code in {@code code}. */
package org.grpo4j.rl.task;
