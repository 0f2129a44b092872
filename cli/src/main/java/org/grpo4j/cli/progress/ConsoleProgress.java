package org.grpo4j.cli.progress;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.grpo4j.tokenizer.TrainingProgress;
import org.grpo4j.transformer.sft.SftListener;

/** Terminal progress bars (me.tongfei progressbar) for the library's listeners; the CLI attaches them. */
public final class ConsoleProgress {
  private ConsoleProgress() {}

  /** A bar per phase of tokenizer training, written to {@code out} (typically standard error). */
  public static TrainingProgress tokenizerTraining(PrintStream out) {
    return new TrainingProgress() {
      private ProgressBar bar;

      @Override
      public void begin(String phase, long total) {
        end();
        bar = bar(phase, total, out);
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

  /** A bar over SFT steps with the latest loss; closes itself after the last step. */
  public static SftListener sft(PrintStream out) {
    return new SftListener() {
      private ProgressBar bar;

      @Override
      public void onStep(int step, int steps, double loss) {
        if (bar == null) {
          bar = bar("sft", steps, out);
        }
        bar.stepTo(step);
        bar.setExtraMessage(String.format(" loss %.4f", loss));
        if (step == steps) {
          bar.close();
          bar = null;
        }
      }
    };
  }

  /** A new bar named {@code task} counting to {@code total}. */
  public static ProgressBar bar(String task, long total, PrintStream out) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(200).build();
  }
}
