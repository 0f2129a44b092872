/** The GRPO-family trainer as a library: configuration, iterations, run files, checkpoints and resume. */
package org.grpo4j.rl.train;
