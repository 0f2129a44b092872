/**
 * Checkpoint file formats and safe file writing: the safetensors tensor format ({@link org.grpo4j.nn.io.Safetensors})
 * and atomic replace-or-create writes ({@link org.grpo4j.nn.io.AtomicFiles}). Depends only on ND4J and Jackson.
 */
package org.grpo4j.nn.io;
