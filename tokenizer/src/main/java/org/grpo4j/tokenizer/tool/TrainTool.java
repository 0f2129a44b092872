package org.grpo4j.tokenizer.tool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.grpo4j.tokenizer.BpeModelFile;
import org.grpo4j.tokenizer.BpeTrainer;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.grpo4j.tokenizer.TokenizerException;
import org.grpo4j.tokenizer.TrainedBpe;
import org.grpo4j.tokenizer.TrainingProgress;
import org.grpo4j.tokenizer.Utf8;

/** The logic behind {@code grpo4j tokenizer train}: read a corpus, train, verify losslessness, save. */
public final class TrainTool {

  /** What a training run produced. */
  public record Summary(Path modelFile, int merges, int vocabSize, long corpusBytes, long corpusTokens,
      double seconds) {

    /** Validates that the counts are non-negative. */
    public Summary {
      if (merges < 0 || vocabSize < 0 || corpusBytes < 0 || corpusTokens < 0) {
        throw new IllegalArgumentException("counts must be non-negative");
      }
    }

    /** A one-line human-readable report. */
    public String describe() {
      return String.format("trained %d merges (vocab size %d) on %d bytes in %.1f s: %d tokens (%.2f bytes/token); "
          + "saved %s", merges, vocabSize, corpusBytes, seconds, corpusTokens,
          corpusTokens == 0 ? 0.0 : (double) corpusBytes / corpusTokens, modelFile);
    }
  }

  private TrainTool() {}

  /**
   * Trains on the UTF-8 corpus file and saves the model into {@code outDir}.
   *
   * @throws TokenizerException if the corpus is missing or not valid UTF-8, or the trained model does not
   *     reproduce the corpus exactly
   */
  public static Summary train(Path corpus, int vocabSize, List<String> specialTokens, Path outDir,
      TrainingProgress progress) {
    long start = System.nanoTime();
    String text = Utf8.readFile(corpus, "corpus file");
    TrainedBpe bpe = BpeTrainer.train(text, vocabSize, specialTokens, progress);
    var tokenizer = bpe.tokenizer();
    int[] ids = tokenizer.encode(text, SpecialTokenPolicy.ALLOW);
    if (!tokenizer.decode(ids).equals(text)) {
      throw new TokenizerException("internal error: the trained model does not reproduce corpus " + corpus);
    }
    Path file = BpeModelFile.save(bpe, outDir);
    return new Summary(file, bpe.merges().size(), bpe.vocabSize(), text.getBytes(StandardCharsets.UTF_8).length,
        ids.length, (System.nanoTime() - start) / 1e9);
  }
}
