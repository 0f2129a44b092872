package org.grpo4j.rl.exact;

import java.util.List;

/**
 * The sizes {@link ExperimentSuite} runs each experiment at: quick (minutes on 2 cores) or full (under an hour).
 * {@code bridgeStepRules} sizes the transformer's Adam and constant-step runs (their rule and step are the suite's,
 * its eta is unused); on the transformer an estimator's iteration costs about 0.15 s of one core (exact J and grad J
 * by enumeration through the model), so those runs take fewer iterations than its SGD run.
 */
public record SuiteSizes(int biasSeeds, int varianceGroups, int varianceReps, int covarianceSeeds,
    int convergenceIterations, int convergenceSeeds, int stalenessUpdates, int stalenessSeeds, int groupSizeSamples,
    TransformerBridge.Config bridge, TransformerConvergence.Config bridgeConvergence,
    TransformerConvergence.Config bridgeStepRules, List<TransformerMonteCarlo.Config> monteCarlo) {
  /** Checks every size is positive (the experiments bound them further). */
  public SuiteSizes {
    if (biasSeeds < 1 || varianceGroups < 1 || varianceReps < 1 || covarianceSeeds < 2 || convergenceIterations < 1
        || convergenceSeeds < 1 || stalenessUpdates < 1 || stalenessSeeds < 1 || groupSizeSamples < 1
        || bridge == null || bridgeConvergence == null || bridgeStepRules == null || monteCarlo == null
        || monteCarlo.isEmpty()) {
      throw new IllegalArgumentException("suite sizes must all be positive (covariance seeds >= 2, at least one Monte "
          + "Carlo size), got " + this);
    }
    monteCarlo = List.copyOf(monteCarlo);
  }

  /**
   * The quick sizes ({@code experiment all --quick}). The transformer's E3 steps with eta =
   * {@link TransformerConvergence#SGD_ETA_SCALE} / sqrt(N) (see there why).
   */
  public static SuiteSizes quick() {
    return new SuiteSizes(5, 1000, 8, 4, 300, 4, 400, 3, 20_000, new TransformerBridge.Config(5, 1, 16, 8),
        new TransformerConvergence.Config(5, 1, 16, 40, 4, 8, 2, TransformerConvergence.SGD_ETA_SCALE / Math.sqrt(40),
            Clip.of(0.2), 3),
        new TransformerConvergence.Config(5, 1, 16, 30, 4, 8, 2, 1, Clip.of(0.2), 3),
        List.of(new TransformerMonteCarlo.Config(5, 1, 16, 16, 256, 8, 1.0),
            new TransformerMonteCarlo.Config(16, 1, 16, 16, 512, 8, 1.0)));
  }

  /** The full sizes: E3 on the token tree to N = 10^4 with 10 seeds (the spec's sizes). */
  public static SuiteSizes full() {
    return new SuiteSizes(10, 3000, 20, 10, 10_000, 10, 2000, 10, 100_000, new TransformerBridge.Config(6, 2, 32, 16),
        new TransformerConvergence.Config(5, 1, 16, 200, 4, 8, 2,
            TransformerConvergence.SGD_ETA_SCALE / Math.sqrt(200), Clip.of(0.2), 5),
        new TransformerConvergence.Config(5, 1, 16, 60, 4, 8, 2, 1, Clip.of(0.2), 5),
        List.of(new TransformerMonteCarlo.Config(5, 1, 16, 32, 512, 8, 1.0),
            new TransformerMonteCarlo.Config(16, 1, 16, 40, 1000, 8, 1.0)));
  }
}
