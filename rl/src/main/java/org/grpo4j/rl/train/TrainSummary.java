package org.grpo4j.rl.train;

import java.nio.file.Path;

/** How a run ended: iterations done, optimizer steps skipped over this session, the last evaluation (or null), the last checkpoint. */
public record TrainSummary(int steps, int skippedSteps, EvalResult lastEval, Path lastCheckpoint) {}
