package org.grpo4j.cli.train;

import java.nio.file.Path;
import java.util.List;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.rl.train.TrainConfig;
import org.grpo4j.transformer.GptConfig;
import picocli.CommandLine.Option;

/** Where the policy comes from: {@code --init DIR} (a checkpoint with its tokenizer) or a new small GPT. */
final class ModelOptions {
  /** The end-of-sequence token of the new model's character tokenizer. */
  static final String EOS = "<|endoftext|>";
  /** The options that shape a new model (refused with --init). */
  static final String[] NEW_MODEL = {"--n-layer", "--n-head", "--n-embd", "--n-positions"};

  @Option(names = "--init", paramLabel = "DIR",
      description = "start from this grpo4j or Hugging Face GPT-2 checkpoint with its tokenizer and shape (the "
          + "new-model options are refused with it; default: a new model)")
  Path init;

  @Option(names = "--n-layer", description = "new model: layers (default ${DEFAULT-VALUE})")
  int nLayer = 2;

  @Option(names = "--n-head", description = "new model: attention heads (default ${DEFAULT-VALUE})")
  int nHead = 4;

  @Option(names = "--n-embd", description = "new model: width (default ${DEFAULT-VALUE})")
  int nEmbd = 128;

  @Option(names = "--n-positions", description = "new model: context length (default ${DEFAULT-VALUE})")
  int nPositions = 64;

  /**
   * The policy: the checkpoint in --init, or a new GPT over printable ASCII + newline + EOS seeded by {@code seed};
   * its memory for training with {@code config} is checked before the weights are made.
   */
  ModelDirectory policy(long seed, TrainConfig config) {
    if (init != null) {
      ModelDirectory loaded = ModelDirectory.load(init); // checks two copies of the weights before reading them
      TrainPreflight.memory(loaded.model(), config); // before gradients and optimizer state exist
      return loaded;
    }
    CharTokenizer chars = new CharTokenizer(alphabet(), List.of(EOS));
    GptConfig c = GptConfig.of(nLayer, nHead, nEmbd, chars.vocabSize(), nPositions);
    TrainPreflight.memory(c, config);
    return new ModelDirectory(new Gpt(c, seed), chars, null);
  }

  /** Newline and the printable ASCII characters, in order. */
  static String alphabet() {
    StringBuilder sb = new StringBuilder("\n");
    for (char c = ' '; c <= '~'; c++) {
      sb.append(c);
    }
    return sb.toString();
  }
}
