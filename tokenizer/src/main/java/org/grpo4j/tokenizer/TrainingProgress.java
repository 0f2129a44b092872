package org.grpo4j.tokenizer;


/** Receives progress of a long training run, one phase at a time. */
public interface TrainingProgress {

  /** A phase with {@code total} steps begins. */
  void begin(String phase, long total);

  /** {@code done} of the current phase's steps are complete. */
  void stepTo(long done);

  /** The current phase ended. */
  void end();

  /** Progress that is silently dropped. */
  static TrainingProgress none() {
    return new TrainingProgress() {
      @Override
      public void begin(String phase, long total) {}

      @Override
      public void stepTo(long done) {}

      @Override
      public void end() {}
    };
  }
}
