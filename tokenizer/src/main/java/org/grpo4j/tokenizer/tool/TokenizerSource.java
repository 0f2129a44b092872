package org.grpo4j.tokenizer.tool;

import java.nio.file.Path;
import org.grpo4j.tokenizer.BpeModelFile;
import org.grpo4j.tokenizer.Gpt2Files;
import org.grpo4j.tokenizer.HfTokenizerJson;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.tokenizer.TokenizerException;

/**
 * Where a tokenizer comes from: GPT-2 {@code vocab.json} + {@code merges.txt}, a Hugging Face
 * {@code tokenizer.json}, or a directory saved by {@code tokenizer train}; exactly one must be given.
 */
public record TokenizerSource(Path vocab, Path merges, Path tokenizerJson, Path modelDir) {

  /** Validates that exactly one source is given, and that vocab and merges come together. */
  public TokenizerSource {
    if ((vocab == null) != (merges == null)) {
      throw new TokenizerException("a GPT-2 tokenizer needs both vocab.json (--vocab) and merges.txt (--merges); got "
          + (vocab == null ? "only merges " + merges : "only vocab " + vocab));
    }
    int given = (vocab != null ? 1 : 0) + (tokenizerJson != null ? 1 : 0) + (modelDir != null ? 1 : 0);
    if (given != 1) {
      throw new TokenizerException("expected exactly one tokenizer: --vocab with --merges, --tokenizer FILE, or "
          + "--model DIR; got " + (given == 0 ? "none" : given));
    }
  }

  /** Loads the tokenizer. */
  public Tokenizer load() {
    if (vocab != null) {
      return Gpt2Files.load(vocab, merges);
    }
    if (tokenizerJson != null) {
      return HfTokenizerJson.load(tokenizerJson);
    }
    return BpeModelFile.load(modelDir).tokenizer();
  }
}
