package org.grpo4j.rl.train;

import java.nio.file.Path;
import java.util.Map;

/** Hears a run's progress (the CLI draws progress bars and plots from it); every method defaults to nothing. */
public interface TrainListener {
  /** The run starts (or resumes) after {@code startStep} iterations, and will stop at config.maxSteps(). */
  default void onStart(TrainConfig config, int startStep) {}

  /** Step {@code step} (1-based) of {@code steps} of the supervised warm start finished with {@code loss}. */
  default void onWarmStart(int step, int steps, double loss) {}

  /** An iteration finished; {@code metrics} is its metrics.jsonl line. */
  default void onIteration(int step, Map<String, Object> metrics) {}

  /** A held-out evaluation finished. */
  default void onEval(EvalResult result) {}

  /** A checkpoint was written to {@code dir}. */
  default void onCheckpoint(Path dir) {}

  /** The run finished. */
  default void onEnd(TrainSummary summary) {}

  /** A listener that does nothing. */
  static TrainListener none() {
    return new TrainListener() {};
  }
}
