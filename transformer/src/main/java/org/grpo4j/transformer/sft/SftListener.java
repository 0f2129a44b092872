package org.grpo4j.transformer.sft;

/** Hears each finished SFT step (the CLI draws a progress bar with it); the trainer itself prints nothing. */
@FunctionalInterface
public interface SftListener {
  /** Hears nothing. */
  SftListener NONE = (step, steps, loss) -> {};

  /** Step {@code step} (1-based) of {@code steps} in this call finished with {@code loss}. */
  void onStep(int step, int steps, double loss);
}
