package org.grpo4j.transformer.sft;

/** Whether training draws a progress bar. */
public enum ProgressMode {
  /** A console progress bar (steps, loss, ETA) on the given stream. */
  BAR,
  /** Silent (tests, library use). */
  NONE
}
