package org.grpo4j.rl.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.grpo4j.nn.io.AtomicFiles;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.tokenizer.Gpt2Files;
import org.grpo4j.tokenizer.HfTokenizerJson;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.tokenizer.Utf8;

/**
 * The tokenizer files beside a checkpoint: {@code tokenizer.json} (Hugging Face), {@code vocab.json} +
 * {@code merges.txt} (GPT-2), or {@code char_vocab.txt} (a character tokenizer's alphabet) with an optional
 * {@code char_special_tokens.json} (a JSON array of its special tokens, ids after the alphabet; absent = none).
 */
public final class TokenizerFiles {
  /** A character tokenizer's alphabet, in id order. */
  public static final String CHAR_VOCAB = "char_vocab.txt";
  /** A character tokenizer's special tokens, a JSON array of strings in id order. */
  public static final String CHAR_SPECIALS = "char_special_tokens.json";
  /** Every file name a tokenizer may be stored in. */
  public static final List<String> NAMES = List.of("tokenizer.json", "vocab.json", "merges.txt", CHAR_VOCAB,
      CHAR_SPECIALS);
  /** The end of the phrase "directory X ..." when none is found. */
  public static final String NONE_FOUND = "has no tokenizer (tokenizer.json, vocab.json + merges.txt, or "
      + CHAR_VOCAB + ")";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerFiles() {}

  /** The tokenizer stored in {@code dir}, or empty when it holds none. */
  public static Optional<Tokenizer> find(Path dir) {
    if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
      return Optional.of(HfTokenizerJson.loadAny(dir.resolve("tokenizer.json")));
    }
    if (Files.isRegularFile(dir.resolve("vocab.json")) && Files.isRegularFile(dir.resolve("merges.txt"))) {
      return Optional.of(Gpt2Files.load(dir.resolve("vocab.json"), dir.resolve("merges.txt")));
    }
    Path vocab = dir.resolve(CHAR_VOCAB);
    if (Files.isRegularFile(vocab)) {
      try {
        String alphabet = Utf8.readFile(vocab, "character vocabulary"); // names the line of a byte not UTF-8
        return Optional.of(new CharTokenizer(alphabet, readSpecials(dir.resolve(CHAR_SPECIALS))));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + vocab + ": " + e.getMessage(), e);
      }
    }
    return Optional.empty();
  }

  /** The tokenizer stored in {@code dir}; throws naming the directory when there is none. */
  public static Tokenizer require(Path dir) {
    return find(dir).orElseThrow(() -> new IllegalArgumentException("directory " + dir + " " + NONE_FOUND));
  }

  private static List<String> readSpecials(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new IOException("cannot read " + file + " (expected a JSON array of strings): " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code tokenizer} into {@code dir}: a {@link CharTokenizer} as its alphabet and special tokens; any other
   * tokenizer by copying its files from {@code source} (the directory it was loaded from; required then).
   */
  public static void write(Path dir, Tokenizer tokenizer, Path source) throws IOException {
    if (tokenizer instanceof CharTokenizer chars) {
      AtomicFiles.writeString(dir.resolve(CHAR_VOCAB), chars.alphabet());
      List<String> specials = new ArrayList<>(chars.specialTokens().size());
      chars.specialTokens().entrySet().stream().sorted(Map.Entry.comparingByValue())
          .forEach(e -> specials.add(e.getKey()));
      AtomicFiles.writeString(dir.resolve(CHAR_SPECIALS), JSON.writeValueAsString(specials)); // always: no stale file
      return;
    }
    if (source == null) {
      throw new IllegalArgumentException("cannot save a " + tokenizer.getClass().getSimpleName()
          + " without the directory it was loaded from (only character tokenizers are written from memory)");
    }
    if (copy(source, dir) == 0) {
      throw new IllegalArgumentException("tokenizer source " + source + " " + NONE_FOUND);
    }
  }

  /** Copies the tokenizer files of {@code from} (if any) into {@code to}; returns how many it copied. */
  public static int copy(Path from, Path to) throws IOException {
    int n = 0;
    for (String name : NAMES) {
      Path f = from.resolve(name);
      if (Files.isRegularFile(f) && !(Files.exists(to) && Files.isSameFile(from, to))) {
        Files.copy(f, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        n++;
      }
    }
    for (String name : org.grpo4j.rl.chat.ChatTemplateFiles.NAMES) { // the chat template travels with its tokenizer
      Path f = from.resolve(name);
      if (n > 0 && Files.isRegularFile(f) && !Files.isSameFile(from, to)) {
        Files.copy(f, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return n;
  }
}
