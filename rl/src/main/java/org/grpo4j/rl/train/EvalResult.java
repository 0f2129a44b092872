package org.grpo4j.rl.train;

/** Greedy accuracy on n held-out problems after {@code step} iterations, with its 95% Wilson interval. */
public record EvalResult(int step, double accuracy, double ciLow, double ciHigh, int n, int correct) {}
