package org.grpo4j.rl.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.grpo4j.nn.io.AtomicDirectories;
import org.grpo4j.nn.optim.Optimizer;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.ModelCheckpoint;
import org.grpo4j.transformer.WeightScan;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A model directory: a checkpoint (grpo4j, or Hugging Face GPT-2, Llama, Qwen2 or Qwen3) together with its tokenizer, loaded and saved as
 * one unit. {@code source} is the directory the tokenizer's files came from (null for one built in memory).
 */
public record ModelDirectory(LanguageModel model, Tokenizer tokenizer, Path source) {
  /** Checks that model and tokenizer are given and that every token id fits the model's vocabulary. */
  public ModelDirectory {
    if (model == null || tokenizer == null) {
      throw new IllegalArgumentException("model directory: a model and a tokenizer are required");
    }
    if (tokenizer.vocabSize() > model.vocabSize()) {
      throw new IllegalArgumentException("model directory: the tokenizer has " + tokenizer.vocabSize()
          + " ids but the model's vocabulary only " + model.vocabSize() + " (vocab_size)");
    }
  }

  /** The float32 model and tokenizer of {@code dir}. */
  public static ModelDirectory load(Path dir) {
    return load(dir, DataType.FLOAT);
  }

  /** The model (parameters cast to {@code dtype}) and tokenizer of {@code dir}; throws naming what is missing. */
  public static ModelDirectory load(Path dir, DataType dtype) {
    Tokenizer tokenizer = TokenizerFiles.require(dir);
    return new ModelDirectory(ModelCheckpoint.load(dir, dtype, WeightScan.SCAN), tokenizer, dir);
  }

  /** Saves this model (and {@code optimizer}, unless null) with the tokenizer into {@code dir} as one unit. */
  public void save(Path dir, Optimizer optimizer) {
    save(dir, model, optimizer, tokenizer, source, stage -> { });
  }

  /**
   * Writes {@code model}, {@code optimizer} (unless null), the tokenizer and whatever {@code extra} puts into the
   * staging directory to {@code dir} as one unit: all of it is staged beside {@code dir}, then renamed into place.
   */
  public static void save(Path dir, LanguageModel model, Optimizer optimizer, Tokenizer tokenizer, Path tokenizerSource,
      org.grpo4j.nn.io.IOConsumer<Path> extra) {
    try {
      AtomicDirectories.write(dir, stage -> {
        ModelCheckpoint.save(stage, model, optimizer);
        TokenizerFiles.write(stage, tokenizer, tokenizerSource);
        extra.accept(stage);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save model directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
