package org.grpo4j.tokenizer;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

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

  /** A console progress bar (me.tongfei progressbar) written to {@code out}, typically standard error. */
  static TrainingProgress console(PrintStream out) {
    return new TrainingProgress() {
      private ProgressBar bar;

      @Override
      public void begin(String phase, long total) {
        end();
        bar = new ProgressBarBuilder().setTaskName(phase).setInitialMax(total)
            .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(200).build();
      }

      @Override
      public void stepTo(long done) {
        if (bar != null) {
          bar.stepTo(done);
        }
      }

      @Override
      public void end() {
        if (bar != null) {
          bar.close();
          bar = null;
        }
      }
    };
  }
}
