package org.grpo4j.cli.tokenizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.grpo4j.tokenizer.TokenizerException;
import org.grpo4j.cli.check.Bounds;
import org.grpo4j.cli.check.ExistingOutput;
import org.grpo4j.cli.check.Outputs;
import org.grpo4j.nn.io.IoErrors;
import org.grpo4j.nn.memory.MemoryBudget;
import org.grpo4j.cli.progress.ConsoleProgress;
import org.grpo4j.tokenizer.TrainingProgress;
import org.grpo4j.bench.tokenizer.EncodeBenchmark;
import org.grpo4j.tokenizer.tool.TrainTool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grpo4j tokenizer}: trains byte-level BPE tokenizers and benchmarks encoding. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
    description = "Trains and benchmarks byte-level BPE tokenizers.",
    subcommands = {TokenizerCommand.Train.class, TokenizerCommand.Bench.class})
public final class TokenizerCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: train or bench");
  }

  /** {@code grpo4j tokenizer train}: trains on a UTF-8 corpus and saves a model directory. */
  @Command(name = "train", mixinStandardHelpOptions = true,
      description = {"Trains a byte-level BPE (GPT-2 pre-tokenization; ties go to the smaller pair of ids) and"
          + " saves DIR/tokenizer.model (versioned text format) plus a readable DIR/tokenizer.vocab."})
  static final class Train implements Callable<Integer> {
    /** Largest vocabulary trained. */
    static final int MAX_VOCAB = 1 << 20;
    /** Heap bytes per corpus byte the trainer may need (text, pre-tokenized words and their counts). */
    static final int CORPUS_HEAP_FACTOR = 12;

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "UTF-8 training text.")
    Path corpus;

    @Option(names = "--vocab-size", required = true, paramLabel = "N",
        description = "Total vocabulary size: 256 bytes + merges + special tokens.")
    int vocabSize;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--special", paramLabel = "TOKEN",
        description = "A special token to add after the merges (repeatable), e.g. --special '<|endoftext|>'.")
    List<String> specials = new ArrayList<>();

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Option(names = "--overwrite", description = "Replace a tokenizer already in --out (else an error).")
    boolean overwrite;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      int minimum = 256 + specials.size();
      if (vocabSize < minimum) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--vocab-size must be at least " + minimum + " (256 bytes + " + specials.size() + " special tokens), got "
                + vocabSize);
      }
      Bounds.require("--vocab-size", vocabSize, minimum, MAX_VOCAB);
      Outputs.directory(out, "--out", ExistingOutput.of(overwrite, false), "tokenizer.model", "tokenizer.vocab");
      if (Files.isDirectory(corpus)) {
        throw new IllegalArgumentException("--corpus " + corpus + " is a directory; expected a UTF-8 text file");
      }
      try {
        long size = Files.size(corpus);
        MemoryBudget.current().requireHeap(MemoryBudget.times(size, CORPUS_HEAP_FACTOR), () -> "training on --corpus "
            + corpus + " (" + size + " bytes, about " + CORPUS_HEAP_FACTOR + " bytes of heap per byte)");
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --corpus " + corpus + ": " + IoErrors.reason(e));
      }
      PrintStream err = System.err;
      TrainingProgress progress = noProgress ? TrainingProgress.none() : ConsoleProgress.tokenizerTraining(err);
      TrainTool.Summary summary = TrainTool.train(corpus, vocabSize, specials, out, progress);
      System.out.println(summary.describe());
      return 0;
    }
  }

  /** {@code grpo4j tokenizer bench}: single-core GPT-2 encoding throughput on deterministic mixed text. */
  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = {"Measures GPT-2 BPE encoding throughput (MB/s, one thread) on deterministic mixed text and"
          + " compares with the java.util.regex reference encoder. Without --vocab/--merges it uses "
          + "tokenizer/src/test/resources/gpt2-bpe/ under the current directory or a parent."})
  static final class Bench implements Callable<Integer> {

    @Option(names = "--vocab", paramLabel = "FILE", description = "GPT-2 vocab.json.")
    Path vocab;

    @Option(names = "--merges", paramLabel = "FILE", description = "GPT-2 merges.txt.")
    Path merges;

    @Option(names = "--size-mb", defaultValue = "10", paramLabel = "MB",
        description = "Input size in MB (10^6 bytes; default ${DEFAULT-VALUE}).")
    int sizeMb;

    @Option(names = "--seed", defaultValue = "42", description = "Text generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--no-reference", description = "Skip the slow reference encoder.")
    boolean noReference;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if ((vocab == null) != (merges == null)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--vocab and --merges must be given together");
      }
      if (sizeMb < 1 || rounds < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--size-mb and --rounds must be positive, got " + sizeMb + " and " + rounds);
      }
      Bounds.require("--size-mb", sizeMb, 1, 4096);
      Bounds.require("--rounds", rounds, 1, 10_000);
      MemoryBudget.current().requireHeap(MemoryBudget.times(sizeMb * 1_000_000L, 8), () -> "--size-mb " + sizeMb
          + " of text (its bytes, chars and ids)");
      Path[] files = vocab != null ? new Path[] {vocab, merges}
          : EncodeBenchmark.defaultGpt2Files(Path.of("")).orElseThrow(() -> new TokenizerException(
              "GPT-2 files not found: no " + EncodeBenchmark.DEFAULT_DIR + " under the current directory or its "
                  + "parents; pass --vocab FILE --merges FILE"));
      EncodeBenchmark.run(new EncodeBenchmark.Config(files[0], files[1], sizeMb * 1_000_000L, seed, rounds,
          !noReference), System.out);
      return 0;
    }
  }
}
