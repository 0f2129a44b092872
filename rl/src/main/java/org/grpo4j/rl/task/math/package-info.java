/**
 * Math tasks for RL fine-tuning: an exact rational answer verifier ({@link org.grpo4j.rl.task.math.MathVerifier}),
 * generated arithmetic problems ({@link org.grpo4j.rl.task.math.MathTask}) and GSM8K / MATH style datasets
 * ({@link org.grpo4j.rl.task.math.MathDatasets}, {@link org.grpo4j.rl.task.math.DatasetTask}).
 */
package org.grpo4j.rl.task.math;
