package org.grpo4j.cli.hostile;

import static org.grpo4j.cli.hostile.Hostile.fails;
import static org.grpo4j.cli.hostile.Hostile.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Hostile files and options for {@code grpo4j tokenize}, {@code tokenizer train} and {@code tokenizer bench}. */
class TokenizerHostileTest {
  @TempDir static Path dir;
  static String vocab;
  static String merges;
  static String corpus;

  @BeforeAll
  static void fixtures() throws IOException {
    Path gpt2 = Path.of("..", "tokenizer", "src", "test", "resources", "gpt2-bpe");
    vocab = Files.copy(gpt2.resolve("vocab.json"), dir.resolve("vocab.json")).toString();
    merges = Files.copy(gpt2.resolve("merges.txt"), dir.resolve("merges.txt")).toString();
    Fixtures.text(dir.resolve("empty-merges.txt"), "");
    Fixtures.text(dir.resolve("header-merges.txt"), "#version: 0.2\n");
    Fixtures.text(dir.resolve("bad-merges.txt"), "#version: 0.2\nĠ t\nabc\n");
    Fixtures.text(dir.resolve("bad-vocab.json"), "{\"a\": 0,");
    corpus = Fixtures.text(dir.resolve("corpus.txt"), "hello world, hello tokens\n".repeat(20)).toString();
    Fixtures.bytes(dir.resolve("latin1.txt"), (byte) 'c', (byte) 0xE9, (byte) '\n');
    Fixtures.longLine(dir.resolve("long.txt"), 50_000_000);
    Fixtures.text(dir.resolve("ids.txt"), "0 1\n99999\n");
    Fixtures.text(dir.resolve("notids.txt"), "0 x\n");
    Files.createDirectories(dir.resolve("trained"));
    Fixtures.text(dir.resolve("trained/tokenizer.model"), "an earlier tokenizer\n");
    Fixtures.text(dir.resolve("afile"), "x");
    Files.createDirectories(dir.resolve("vocabdir/tokenizer.vocab"));
    Fixtures.text(dir.resolve("vocabdir/tokenizer.model"), "an earlier tokenizer\n");
  }

  private static String at(String name) {
    return dir.resolve(name).toString();
  }

  @TestFactory
  Stream<DynamicTest> tokenize() {
    return Hostile.all(dir,
        fails("empty merges file", "has no merges", "tokenize", "--vocab", vocab, "--merges", at("empty-merges.txt"),
            "--input", corpus),
        fails("merges file with only a header", "has no merges", "tokenize", "--vocab", vocab, "--merges",
            at("header-merges.txt"), "--input", corpus),
        fails("malformed merges line", "line 3", "tokenize", "--vocab", vocab, "--merges", at("bad-merges.txt"),
            "--input", corpus),
        fails("truncated vocab.json", "bad-vocab.json", "tokenize", "--vocab", at("bad-vocab.json"), "--merges",
            merges, "--input", corpus),
        fails("missing merges file", "missing.txt", "tokenize", "--vocab", vocab, "--merges", at("missing.txt"),
            "--input", corpus),
        fails("endless line", "longer than 16777216 bytes", "tokenize", "--vocab", vocab, "--merges", merges,
            "--input", "/dev/zero"),
        fails("a 50 MB line", "line 1 is longer than", "tokenize", "--vocab", vocab, "--merges", merges, "--input",
            at("long.txt")),
        fails("invalid UTF-8 input", "line 1", "tokenize", "--vocab", vocab, "--merges", merges, "--input",
            at("latin1.txt")),
        fails("missing input", "not found", "tokenize", "--vocab", vocab, "--merges", merges, "--input",
            at("nothing.txt")),
        fails("decode an id outside the vocabulary", "99999", "tokenize", "--vocab", vocab, "--merges", merges,
            "--decode", "--input", at("ids.txt")),
        fails("decode a word", "'x'", "tokenize", "--vocab", vocab, "--merges", merges, "--decode", "--input",
            at("notids.txt")),
        usage("vocab without merges", "--merges", "tokenize", "--vocab", vocab, "--input", corpus),
        usage("two tokenizers", "exactly one tokenizer", "tokenize", "--vocab", vocab, "--merges", merges,
            "--tokenizer", vocab),
        usage("unknown special policy", "BOGUS", "tokenize", "--vocab", vocab, "--merges", merges, "--special",
            "BOGUS"));
  }

  @TestFactory
  Stream<DynamicTest> train() {
    return Hostile.all(dir,
        fails("existing tokenizer", "already holds tokenizer.model", "tokenizer", "train", "--corpus", corpus,
            "--vocab-size", "300", "--out", at("trained"), "--no-progress"),
        fails("--out is a file", "is a file", "tokenizer", "train", "--corpus", corpus, "--vocab-size", "300",
            "--out", at("afile"), "--no-progress"),
        fails("--overwrite with a directory in place of tokenizer.vocab", "holds a directory tokenizer.vocab",
            "tokenizer", "train", "--corpus", corpus, "--vocab-size", "258", "--out", at("vocabdir"), "--overwrite",
            "--no-progress"),
        fails("--out under a file", "is a file", "tokenizer", "train", "--corpus", corpus, "--vocab-size", "300",
            "--out", at("afile") + "/tok", "--no-progress"),
        fails("--out not writable", "not writable", "tokenizer", "train", "--corpus", corpus, "--vocab-size", "300",
            "--out", "/proc/grpo4j-hostile", "--no-progress"),
        fails("two billion vocabulary", "--vocab-size 2000000000", "tokenizer", "train", "--corpus", corpus,
            "--vocab-size", "2000000000", "--out", at("new"), "--no-progress"),
        usage("vocabulary below 256", "got 10", "tokenizer", "train", "--corpus", corpus, "--vocab-size", "10",
            "--out", at("new"), "--no-progress"),
        fails("missing corpus", "nothing.txt", "tokenizer", "train", "--corpus", at("nothing.txt"), "--vocab-size",
            "300", "--out", at("new"), "--no-progress"),
        fails("corpus is a directory", "is a directory", "tokenizer", "train", "--corpus", at("trained"),
            "--vocab-size", "300", "--out", at("new"), "--no-progress"),
        fails("invalid UTF-8 corpus", "not valid UTF-8", "tokenizer", "train", "--corpus", at("latin1.txt"),
            "--vocab-size", "300", "--out", at("new"), "--no-progress"));
  }

  @TestFactory
  Stream<DynamicTest> bench() {
    return Hostile.all(dir,
        usage("zero megabytes", "0", "tokenizer", "bench", "--size-mb", "0", "--vocab", vocab, "--merges", merges),
        fails("100 GB of text", "--size-mb 100000", "tokenizer", "bench", "--size-mb", "100000", "--vocab", vocab,
            "--merges", merges),
        usage("negative rounds", "-1", "tokenizer", "bench", "--rounds", "-1", "--vocab", vocab, "--merges", merges),
        usage("vocab without merges", "--vocab and --merges", "tokenizer", "bench", "--vocab", vocab),
        usage("no subcommand", "a subcommand is required", "tokenizer"));
  }
}
