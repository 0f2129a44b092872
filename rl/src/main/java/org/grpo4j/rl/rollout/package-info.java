/** Rollouts: sampling groups of completions from the old policy, scoring them with timed reward functions, advantages. */
package org.grpo4j.rl.rollout;
