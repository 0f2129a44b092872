package org.grpo4j.rl.train;

import java.util.List;
import org.grpo4j.rl.rollout.OverlongMode;

/**
 * How completions are sampled and scored: temperature, top-k (0 = off), top-p (1 = off), maximum new tokens, stop
 * strings (each one token), the reward time limit per call and reward threads, DAPO dynamic sampling (up to
 * maxExtraRounds more rounds of B prompts to replace groups whose rewards are all equal) and overlong handling
 * (soft penalty over the last overlongBuffer tokens, down to -overlongPenalty), and rolloutSlots, the KV-cache slots of
 * the rollout engine (sequences sampled at once; a finished one's slot takes the next; null = every sequence of the
 * round at once).
 */
public record RolloutSettings(double temperature, int topK, double topP, int maxNewTokens, List<String> stopStrings,
    double rewardTimeoutSeconds, int rewardThreads, boolean dynamicSampling, int maxExtraRounds,
    OverlongMode overlong, int overlongBuffer, double overlongPenalty, Integer rolloutSlots) {
  /** Validates every field and names the bad one. */
  public RolloutSettings {
    stopStrings = stopStrings == null ? List.of() : List.copyOf(stopStrings);
    overlong = overlong == null ? OverlongMode.NONE : overlong;
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("rollout: temperature " + temperature + " must be finite and > 0");
    }
    if (topK < 0) {
      throw new IllegalArgumentException("rollout: top-k " + topK + " must be >= 0 (0 = off)");
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("rollout: top-p " + topP + " must be in (0, 1] (1 = off)");
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("rollout: max new tokens " + maxNewTokens + " must be >= 1");
    }
    if (!(rewardTimeoutSeconds > 0) || Double.isInfinite(rewardTimeoutSeconds)) {
      throw new IllegalArgumentException("rollout: reward timeout " + rewardTimeoutSeconds
          + " s must be finite and > 0");
    }
    if (rewardThreads < 1) {
      throw new IllegalArgumentException("rollout: reward threads " + rewardThreads + " must be >= 1");
    }
    if (maxExtraRounds < 0) {
      throw new IllegalArgumentException("rollout: max extra rounds " + maxExtraRounds + " must be >= 0");
    }
    if (overlong == OverlongMode.SOFT_PENALTY && (overlongBuffer < 1 || overlongBuffer > maxNewTokens)) {
      throw new IllegalArgumentException("rollout: overlong buffer " + overlongBuffer + " must be in [1, "
          + maxNewTokens + "] (max new tokens)");
    }
    if (!(overlongPenalty >= 0) || Double.isInfinite(overlongPenalty)) {
      throw new IllegalArgumentException("rollout: overlong penalty " + overlongPenalty + " must be finite and >= 0");
    }
    if (rolloutSlots != null && rolloutSlots < 1) {
      throw new IllegalArgumentException("rollout: rollout slots " + rolloutSlots + " must be >= 1 (null = every "
          + "sequence at once)");
    }
  }

  /**
   * Temperature 1, no truncation, 64 new tokens, 10 s reward limit on 2 threads, no dynamic sampling or overlong
   * handling, every sequence at once.
   */
  public static RolloutSettings defaults() {
    return new RolloutSettings(1.0, 0, 1.0, 64, List.of(), 10, 2, false, 3, OverlongMode.NONE, 16, 1.0, null);
  }
}
