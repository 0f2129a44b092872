package org.grpo4j.transformer.sample;

/**
 * One generated continuation: the new tokens, for each the log-probability under the distribution it was drawn
 * from (after temperature, top-k and top-p; 0 under greedy decoding), under the unmodified model (temperature 1,
 * no truncation) and under the tempered policy softmax(logits / temperature) without top-k/top-p truncation (what
 * RL ratios use, as TRL and verl do; {@code Scorer.score(.., temperature)} computes the same), and why generation
 * stopped.
 */
public record Completion(int[] tokens, double[] sampledLogProbs, double[] modelLogProbs, double[] policyLogProbs,
    StopReason stopReason) {
  /** Checks that there is one log-probability of each kind per token. */
  public Completion {
    if (sampledLogProbs.length != tokens.length || modelLogProbs.length != tokens.length
        || policyLogProbs.length != tokens.length) {
      throw new IllegalArgumentException("completion of " + tokens.length + " tokens has " + sampledLogProbs.length
          + " sampled, " + modelLogProbs.length + " model and " + policyLogProbs.length + " policy log-probabilities");
    }
    if (stopReason == null) {
      throw new IllegalArgumentException("completion needs a stop reason");
    }
  }

  /** A completion sampled at temperature 1, whose policy log-probabilities are the model's. */
  public Completion(int[] tokens, double[] sampledLogProbs, double[] modelLogProbs, StopReason stopReason) {
    this(tokens, sampledLogProbs, modelLogProbs, modelLogProbs, stopReason);
  }

  /** Number of generated tokens. */
  public int length() {
    return tokens.length;
  }
}
