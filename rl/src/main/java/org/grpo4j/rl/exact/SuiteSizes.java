package org.grpo4j.rl.exact;

/** The sizes {@link ExperimentSuite} runs each experiment at: quick (minutes on 2 cores) or full (under an hour). */
public record SuiteSizes(int biasSeeds, int varianceGroups, int varianceReps, int convergenceIterations,
    int convergenceSeeds, int stalenessUpdates, int stalenessSeeds, int groupSizeSamples,
    TransformerBridge.Config bridge) {
  /** Checks every size is positive (the experiments bound them further). */
  public SuiteSizes {
    if (biasSeeds < 1 || varianceGroups < 1 || varianceReps < 1 || convergenceIterations < 1 || convergenceSeeds < 1
        || stalenessUpdates < 1 || stalenessSeeds < 1 || groupSizeSamples < 1 || bridge == null) {
      throw new IllegalArgumentException("suite sizes must all be positive, got " + this);
    }
  }

  /** The quick sizes ({@code experiment all --quick}). */
  public static SuiteSizes quick() {
    return new SuiteSizes(5, 1000, 8, 300, 4, 400, 3, 20_000, new TransformerBridge.Config(5, 1, 16, 8));
  }

  /** The full sizes. */
  public static SuiteSizes full() {
    return new SuiteSizes(10, 3000, 20, 2000, 10, 2000, 10, 100_000, new TransformerBridge.Config(6, 2, 32, 16));
  }
}
