package org.grpo4j.rl.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.grpo4j.nn.io.AtomicDirectories;
import org.grpo4j.nn.optim.Optimizer;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptCheckpoint;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A model directory: a GPT checkpoint (grpo4j or Hugging Face GPT-2) together with its tokenizer, loaded and saved as
 * one unit. {@code source} is the directory the tokenizer's files came from (null for one built in memory).
 */
public record ModelDirectory(Gpt model, Tokenizer tokenizer, Path source) {
  /** Checks that model and tokenizer are given and that every token id fits the model's vocabulary. */
  public ModelDirectory {
    if (model == null || tokenizer == null) {
      throw new IllegalArgumentException("model directory: a model and a tokenizer are required");
    }
    if (tokenizer.vocabSize() > model.config().vocabSize()) {
      throw new IllegalArgumentException("model directory: the tokenizer has " + tokenizer.vocabSize()
          + " ids but the model's vocabulary only " + model.config().vocabSize() + " (vocab_size)");
    }
  }

  /** The float32 model and tokenizer of {@code dir}. */
  public static ModelDirectory load(Path dir) {
    return load(dir, DataType.FLOAT);
  }

  /** The model (parameters cast to {@code dtype}) and tokenizer of {@code dir}; throws naming what is missing. */
  public static ModelDirectory load(Path dir, DataType dtype) {
    Tokenizer tokenizer = TokenizerFiles.require(dir);
    return new ModelDirectory(GptCheckpoint.load(dir, dtype), tokenizer, dir);
  }

  /** Saves this model (and {@code optimizer}, unless null) with the tokenizer into {@code dir} as one unit. */
  public void save(Path dir, Optimizer optimizer) {
    save(dir, model, optimizer, tokenizer, source, stage -> { });
  }

  /**
   * Writes {@code model}, {@code optimizer} (unless null), the tokenizer and whatever {@code extra} puts into the
   * staging directory to {@code dir} as one unit: all of it is staged beside {@code dir}, then renamed into place.
   */
  public static void save(Path dir, Gpt model, Optimizer optimizer, Tokenizer tokenizer, Path tokenizerSource,
      org.grpo4j.nn.io.IOConsumer<Path> extra) {
    try {
      AtomicDirectories.write(dir, stage -> {
        GptCheckpoint.save(stage, model, optimizer);
        TokenizerFiles.write(stage, tokenizer, tokenizerSource);
        extra.accept(stage);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save model directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
