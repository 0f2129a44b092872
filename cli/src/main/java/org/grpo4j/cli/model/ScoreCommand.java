package org.grpo4j.cli.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.nn.ModeScope;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.ScoredBatch;
import org.grpo4j.transformer.Scorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code grpo4j score}: prints log p(ids[t] | ids[<t]) under a checkpoint's model for t >= 1, one per line. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Print the log-probability of each token given the ones before it (t >= 1), one per line.")
public final class ScoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
      description = "checkpoint directory (config.json + model.safetensors; grpo4j or Hugging Face GPT-2)")
  Path checkpoint;

  @Option(names = "--ids", required = true, paramLabel = "IDS",
      description = "token ids, space-separated, at least two: \"3 14 15\"")
  String ids;

  @Mixin ModelLoading loading;

  @Override
  public Integer call() {
    int[] seq = TokenIds.parse(ids, "--ids");
    if (seq.length < 2) {
      throw new IllegalArgumentException("--ids has " + seq.length + " token; at least 2 are needed (the first is "
          + "only context)");
    }
    LanguageModel model = loading.load(checkpoint);
    TokenIds.checkVocab(seq, model.vocabSize(), "--ids");
    double[] logp;
    try (GradMode.Scope g = GradMode.noGrad(); ModeScope m = model.eval()) {
      ScoredBatch s = Scorer.score(model, List.of(new int[] {seq[0]}),
          List.of(java.util.Arrays.copyOfRange(seq, 1, seq.length)));
      logp = s.logProbs().data().reshape(seq.length - 1L).toDoubleVector();
    }
    for (double x : logp) {
      spec.commandLine().getOut().println(String.format(Locale.ROOT, "%.6f", x));
    }
    return 0;
  }
}
