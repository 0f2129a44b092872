package org.grpo4j.bench.transformer;

/** How the SameDiff peer computes GELU and layer norm. */
public enum PeerForm {
  /** GPT-2's tanh GELU and layer norm (epsilon 1e-5) composed from SameDiff ops: the very same model as grpo4j. */
  EXACT,
  /** ND4J's single built-in GELU and layer-norm ops (close approximations): the peer at its fastest, for timing. */
  FAST
}
