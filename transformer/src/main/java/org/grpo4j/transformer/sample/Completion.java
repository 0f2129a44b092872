package org.grpo4j.transformer.sample;

/**
 * One generated continuation: the new tokens, for each the log-probability under the distribution it was drawn
 * from (after temperature, top-k and top-p; 0 under greedy decoding) and under the unmodified model
 * (temperature 1, no truncation), and why generation stopped.
 */
public record Completion(int[] tokens, double[] sampledLogProbs, double[] modelLogProbs, StopReason stopReason) {
  /** Checks that there is one log-probability of each kind per token. */
  public Completion {
    if (sampledLogProbs.length != tokens.length || modelLogProbs.length != tokens.length) {
      throw new IllegalArgumentException("completion of " + tokens.length + " tokens has " + sampledLogProbs.length
          + " sampled and " + modelLogProbs.length + " model log-probabilities");
    }
    if (stopReason == null) {
      throw new IllegalArgumentException("completion needs a stop reason");
    }
  }

  /** Number of generated tokens. */
  public int length() {
    return tokens.length;
  }
}
