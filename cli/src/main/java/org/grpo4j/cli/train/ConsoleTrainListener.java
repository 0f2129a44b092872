package org.grpo4j.cli.train;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.grpo4j.cli.progress.ConsoleProgress;
import org.grpo4j.rl.train.EvalResult;
import org.grpo4j.rl.train.TrainConfig;
import org.grpo4j.rl.train.TrainListener;
import org.grpo4j.rl.train.TrainSummary;

/**
 * The terminal side of a training run: a progress bar for the warm start and one over iterations showing the
 * latest reward and held-out accuracy, and a line per evaluation (to the command's error writer) without bars.
 */
final class ConsoleTrainListener implements TrainListener {
  private final PrintWriter lines;
  private final PrintStream barStream;
  private final boolean bars;
  private ProgressBar warm;
  private ProgressBar bar;
  private EvalResult first;
  private EvalResult last;
  private String reward = "";
  private int maxSteps;

  /**
   * Evaluation lines go to {@code lines} (the command's error writer, which a sweep points at the run's own log);
   * progress bars, when {@code bars}, go to the terminal stream {@code barStream}.
   */
  ConsoleTrainListener(PrintWriter lines, PrintStream barStream, boolean bars) {
    this.lines = lines;
    this.barStream = barStream;
    this.bars = bars;
  }

  @Override
  public void onWarmStart(int step, int steps, double loss) {
    if (!bars) {
      return;
    }
    if (warm == null) {
      warm = ConsoleProgress.bar("warm start (sft)", steps, barStream);
    }
    warm.stepTo(step);
    warm.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
    if (step == steps) {
      warm.close();
      warm = null;
    }
  }

  @Override
  public void onStart(TrainConfig config, int startStep) {
    maxSteps = config.maxSteps();
  }

  @Override
  public void onIteration(int step, Map<String, Object> metrics) {
    Object r = metrics.get("reward/mean");
    reward = r instanceof Number n ? String.format(Locale.ROOT, " reward %.3f", n.doubleValue()) : "";
    if (bars && bar == null) { // created after the warm start and the first evaluation
      bar = ConsoleProgress.bar("train", maxSteps, barStream);
    }
    if (bar != null) {
      bar.stepTo(step);
      bar.setExtraMessage(reward + accuracy());
    }
  }

  @Override
  public void onEval(EvalResult result) {
    if (first == null) {
      first = result;
    }
    last = result;
    if (bar != null) {
      bar.setExtraMessage(reward + accuracy());
    } else {
      lines.println(describe("held-out accuracy at step " + result.step(), result));
      lines.flush();
    }
  }

  @Override
  public void onCheckpoint(Path dir) {}

  @Override
  public void onEnd(TrainSummary summary) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  /** The first evaluation this process heard (step 0 of a new run), or null. */
  EvalResult first() {
    return first;
  }

  /** The latest evaluation heard, or null. */
  EvalResult last() {
    return last;
  }

  private String accuracy() {
    return last == null ? "" : String.format(Locale.ROOT, " acc %.3f", last.accuracy());
  }

  /** "label: 0.412 [0.371, 0.454] (n = 500)". */
  static String describe(String label, EvalResult e) {
    return String.format(Locale.ROOT, "%s: %.3f [%.3f, %.3f] (%d of %d)", label, e.accuracy(), e.ciLow(),
        e.ciHigh(), e.correct(), e.n());
  }
}
