package org.grpo4j.cli.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.rl.report.MetricsLog;
import org.grpo4j.cli.Plots;
import org.grpo4j.rl.report.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains an MLP on the spiral set with the autograd engine and AdamW: a progress bar on the terminal, metrics as
 * JSONL and loss/accuracy curves as PNG in the output directory.
 */
public final class SpiralDemo {
  private SpiralDemo() {}

  /** Final figures of a run. */
  public record Result(double trainLoss, double evalLoss, double evalAccuracy, int steps) {}

  /** Runs the demo; prints a summary to {@code out}. */
  public static Result run(DemoConfig c, PrintStream out) {
    SpiralData data = SpiralData.generate(c.classes(), c.perClass(), 0.2, c.seed());
    MlpClassifier model = new MlpClassifier(2, c.hidden(), c.classes(), c.seed() + 1);
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(c.lr()), 0.0);
    SplittableRandom rng = new SplittableRandom(c.seed() + 2);
    List<double[]> curve = new ArrayList<>(); // step, train loss (EMA), eval loss, eval accuracy
    double ema = Double.NaN;
    double[] eval = {Double.NaN, Double.NaN};
    try (MetricsLog log = new MetricsLog(c.out().resolve("metrics.jsonl"));
        ProgressBar bar = new ProgressBarBuilder().setTaskName("spiral MLP").setInitialMax(c.steps())
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
      for (int step = 1; step <= c.steps(); step++) {
        SpiralData batch = data.rows(sampleIndices(rng, data.size(), c.batch()));
        Tensor loss = F.crossEntropy(model.forward(Tensor.of(batch.points())), batch.labels(), null);
        model.zeroGrad();
        loss.backward();
        opt.step();
        double l = loss.item();
        ema = Double.isNaN(ema) ? l : 0.95 * ema + 0.05 * l;
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("step", step);
        rec.put("loss", l);
        if (step % c.evalEvery() == 0 || step == c.steps()) {
          eval = evaluate(model, data);
          rec.put("eval_loss", eval[0]);
          rec.put("eval_accuracy", eval[1]);
          curve.add(new double[] {step, ema, eval[0], eval[1]});
        }
        log.write(rec);
        bar.step();
        bar.setExtraMessage(Double.isNaN(eval[1]) ? String.format("loss %.4f", ema)
            : String.format("loss %.4f acc %.3f", ema, eval[1]));
      }
    }
    plot(c, curve);
    out.printf("spiral demo: %d steps, train loss %.4f, eval loss %.4f, eval accuracy %.4f%n", c.steps(), ema,
        eval[0], eval[1]);
    out.println("wrote " + c.out().resolve("metrics.jsonl") + ", " + c.out().resolve("loss.png") + ", "
        + c.out().resolve("accuracy.png"));
    return new Result(ema, eval[0], eval[1], c.steps());
  }

  /** Loss and accuracy over the whole set, without building a graph. */
  static double[] evaluate(MlpClassifier model, SpiralData data) {
    try (GradMode.Scope s = GradMode.noGrad()) {
      Tensor logits = model.forward(Tensor.of(data.points()));
      double loss = F.crossEntropy(logits, data.labels(), null).item();
      INDArray pred = logits.data().argMax(1);
      int correct = 0;
      for (int i = 0; i < data.size(); i++) {
        correct += pred.getInt(i) == data.labels()[i] ? 1 : 0;
      }
      return new double[] {loss, (double) correct / data.size()};
    }
  }

  private static int[] sampleIndices(SplittableRandom rng, int n, int k) {
    int[] idx = new int[k];
    for (int i = 0; i < k; i++) {
      idx[i] = rng.nextInt(n);
    }
    return idx;
  }

  private static void plot(DemoConfig c, List<double[]> curve) {
    double[] x = new double[curve.size()];
    double[] train = new double[curve.size()];
    double[] evalLoss = new double[curve.size()];
    double[] acc = new double[curve.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = curve.get(i)[0];
      train[i] = curve.get(i)[1];
      evalLoss[i] = curve.get(i)[2];
      acc[i] = curve.get(i)[3];
    }
    Map<String, Chart.Series> losses = new LinkedHashMap<>();
    losses.put("train loss (EMA)", new Chart.Series(x, train));
    losses.put("full-set loss", new Chart.Series(x, evalLoss));
    Plots.line(c.out().resolve("loss.png"), "Spiral MLP: cross-entropy", "step", "loss", Chart.Scale.LOG_Y, losses);
    Plots.line(c.out().resolve("accuracy.png"), "Spiral MLP: accuracy", "step", "accuracy", Chart.Scale.LINEAR,
        Map.of("full-set accuracy", new Chart.Series(x, acc)));
  }
}
