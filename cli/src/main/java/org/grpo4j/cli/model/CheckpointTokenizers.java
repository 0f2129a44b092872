package org.grpo4j.cli.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.tokenizer.Gpt2Files;
import org.grpo4j.tokenizer.HfTokenizerJson;
import org.grpo4j.tokenizer.Tokenizer;

/**
 * The tokenizer stored beside a checkpoint, if any: {@code tokenizer.json} (Hugging Face), {@code vocab.json} +
 * {@code merges.txt} (GPT-2), or {@code char_vocab.txt} (the alphabet of a character tokenizer, written by sft).
 */
final class CheckpointTokenizers {
  static final String CHAR_VOCAB = "char_vocab.txt";
  static final String NONE_FOUND = "has no tokenizer (tokenizer.json, vocab.json + merges.txt, or " + CHAR_VOCAB + ")";

  private CheckpointTokenizers() {}

  /** The tokenizer of {@code dir}, or empty. */
  static Optional<Tokenizer> find(Path dir) {
    if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
      return Optional.of(HfTokenizerJson.load(dir.resolve("tokenizer.json")));
    }
    if (Files.isRegularFile(dir.resolve("vocab.json")) && Files.isRegularFile(dir.resolve("merges.txt"))) {
      return Optional.of(Gpt2Files.load(dir.resolve("vocab.json"), dir.resolve("merges.txt")));
    }
    if (Files.isRegularFile(dir.resolve(CHAR_VOCAB))) {
      try {
        return Optional.of(new CharTokenizer(Files.readString(dir.resolve(CHAR_VOCAB)), List.of()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dir.resolve(CHAR_VOCAB) + ": " + e.getMessage(), e);
      }
    }
    return Optional.empty();
  }

  /** Copies the tokenizer files of {@code from} (if any) into {@code to}. */
  static void copy(Path from, Path to) throws IOException {
    for (String name : List.of("tokenizer.json", "vocab.json", "merges.txt", CHAR_VOCAB)) {
      Path f = from.resolve(name);
      if (Files.isRegularFile(f) && !Files.isSameFile(from, to)) {
        Files.copy(f, to.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
