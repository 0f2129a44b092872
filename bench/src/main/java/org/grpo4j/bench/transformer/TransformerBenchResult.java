package org.grpo4j.bench.transformer;

/**
 * Figures of one {@link TransformerBenchmark} run: training tokens/s of grpo4j and of the SameDiff peer on the same
 * model and batch, and sampling tokens/s with and without the KV cache; ratios are grpo4j / peer and cache / none.
 */
public record TransformerBenchResult(double trainTokensPerSecond, double sameDiffTrainTokensPerSecond,
    double sampleTokensPerSecondKvCache, double sampleTokensPerSecondRecompute, int sampledPrompts,
    int newTokensPerPrompt) {

  /** grpo4j training throughput over SameDiff's (target: at least 2). */
  public double trainRatio() {
    return trainTokensPerSecond / sameDiffTrainTokensPerSecond;
  }

  /** Sampling throughput with the KV cache over full recomputation (target: at least 5). */
  public double kvCacheRatio() {
    return sampleTokensPerSecondKvCache / sampleTokensPerSecondRecompute;
  }
}
