package org.grpo4j.transformer.sample;

/** How the next token is chosen. */
public enum Decoding {
  /** Draw from the (temperature, top-k, top-p) filtered distribution. */
  SAMPLE,
  /** Take the most probable token (lowest id on ties); its sampling log-probability is 0 (a point mass). */
  GREEDY
}
