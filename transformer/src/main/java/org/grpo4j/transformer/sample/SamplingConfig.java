package org.grpo4j.transformer.sample;

import java.util.Set;

/**
 * What to generate: decoding mode, temperature, top-k (0 = off), top-p (1 = off), maximum new tokens, stop
 * tokens, the seed of the random draws, and whether to use the KV cache.
 */
public record SamplingConfig(Decoding decoding, double temperature, int topK, double topP, int maxNewTokens,
    Set<Integer> stopTokens, long seed, CacheMode cacheMode) {
  /** Validates every field and names the bad one. */
  public SamplingConfig {
    if (decoding == null || cacheMode == null) {
      throw new IllegalArgumentException("sampling: decoding and cache mode must be given");
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("sampling: temperature " + temperature + " must be finite and > 0");
    }
    if (topK < 0) {
      throw new IllegalArgumentException("sampling: top-k " + topK + " must be >= 0 (0 turns it off)");
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("sampling: top-p " + topP + " must be in (0, 1] (1 turns it off)");
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("sampling: max new tokens " + maxNewTokens + " must be >= 1");
    }
    stopTokens = Set.copyOf(stopTokens);
  }

  /** Plain sampling at temperature 1 with the KV cache, no stop tokens. */
  public static SamplingConfig sample(int maxNewTokens, long seed) {
    return new SamplingConfig(Decoding.SAMPLE, 1.0, 0, 1.0, maxNewTokens, Set.of(), seed, CacheMode.KV_CACHE);
  }

  /** Greedy decoding with the KV cache, no stop tokens. */
  public static SamplingConfig greedy(int maxNewTokens) {
    return new SamplingConfig(Decoding.GREEDY, 1.0, 0, 1.0, maxNewTokens, Set.of(), 0, CacheMode.KV_CACHE);
  }

  /** This config with another temperature. */
  public SamplingConfig withTemperature(double t) {
    return new SamplingConfig(decoding, t, topK, topP, maxNewTokens, stopTokens, seed, cacheMode);
  }

  /** This config with another top-k. */
  public SamplingConfig withTopK(int k) {
    return new SamplingConfig(decoding, temperature, k, topP, maxNewTokens, stopTokens, seed, cacheMode);
  }

  /** This config with another top-p. */
  public SamplingConfig withTopP(double p) {
    return new SamplingConfig(decoding, temperature, topK, p, maxNewTokens, stopTokens, seed, cacheMode);
  }

  /** This config with other stop tokens. */
  public SamplingConfig withStopTokens(Set<Integer> stops) {
    return new SamplingConfig(decoding, temperature, topK, topP, maxNewTokens, stops, seed, cacheMode);
  }

  /** This config with another seed. */
  public SamplingConfig withSeed(long s) {
    return new SamplingConfig(decoding, temperature, topK, topP, maxNewTokens, stopTokens, s, cacheMode);
  }

  /** This config with another cache mode. */
  public SamplingConfig withCacheMode(CacheMode mode) {
    return new SamplingConfig(decoding, temperature, topK, topP, maxNewTokens, stopTokens, seed, mode);
  }
}
