package org.grpo4j.rl.train;

/**
 * Where one iteration's time went: seconds sampling, scoring rewards and training, and the tokens sampled (new
 * tokens) and trained on (prompt + completion tokens of every forward pass of the update).
 */
public record IterationTiming(double rolloutSeconds, double rewardSeconds, double trainSeconds, long rolloutTokens,
    long trainTokens) {
  /** New tokens sampled per second of sampling. */
  public double rolloutTokensPerSecond() {
    return rolloutSeconds > 0 ? rolloutTokens / rolloutSeconds : 0;
  }

  /** Tokens through the policy update per second of training. */
  public double trainTokensPerSecond() {
    return trainSeconds > 0 ? trainTokens / trainSeconds : 0;
  }

  /** Total seconds. */
  public double totalSeconds() {
    return rolloutSeconds + rewardSeconds + trainSeconds;
  }
}
