package org.grpo4j.bench.tokenizer;

import org.grpo4j.tokenizer.corpus.MixedTextGenerator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.grpo4j.tokenizer.BpeModel;
import org.grpo4j.tokenizer.ByteLevelBpeTokenizer;
import org.grpo4j.tokenizer.Gpt2Files;
import org.grpo4j.tokenizer.ReferenceBpeEncoder;
import org.grpo4j.tokenizer.TokenizerException;

/**
 * Single-threaded encoding throughput of {@link ByteLevelBpeTokenizer} with the GPT-2 vocabulary on deterministic
 * mixed text ({@link MixedTextGenerator}), with the {@link java.util.regex}-based {@link ReferenceBpeEncoder} as
 * the peer. MB means 10^6 bytes of UTF-8 input. Each timed round uses a fresh tokenizer, so its word cache starts
 * cold; the warm figure re-encodes with a filled cache.
 */
public final class EncodeBenchmark {

  /** Where the GPT-2 files live relative to the repository root (test resources of the tokenizer module). */
  public static final Path DEFAULT_DIR = Path.of("tokenizer", "src", "test", "resources", "gpt2-bpe");

  /** Benchmark settings. */
  public record Config(Path vocab, Path merges, long bytes, long seed, int rounds, boolean reference) {

    /** Validates paths and sizes. */
    public Config {
      if (vocab == null || merges == null) {
        throw new IllegalArgumentException("vocab and merges paths are required");
      }
      if (bytes < 1 || rounds < 1) {
        throw new IllegalArgumentException("bytes and rounds must be positive, got " + bytes + " and " + rounds);
      }
    }
  }

  /** Measured throughput; {@code referenceMbPerSecond} and {@code peerRatio} are NaN when the peer did not run. */
  public record Result(long inputBytes, int tokens, double mbPerSecond, double bestMbPerSecond,
      double warmMbPerSecond, double referenceMbPerSecond, double peerRatio, boolean lossless,
      boolean agreesWithReference) {

    /** Validates the counts. */
    public Result {
      if (inputBytes < 0 || tokens < 0) {
        throw new IllegalArgumentException("counts must be non-negative");
      }
    }

    /** Human-readable summary lines. */
    public String describe() {
      String s = String.format(Locale.ROOT, "input: %d bytes, %d tokens (%.2f bytes/token)%n"
          + "encode (cold cache, median): %.1f MB/s (best %.1f MB/s)%nencode (warm cache): %.1f MB/s%n"
          + "lossless round trip: %s", inputBytes, tokens, (double) inputBytes / Math.max(1, tokens),
          mbPerSecond, bestMbPerSecond, warmMbPerSecond, lossless);
      if (!Double.isNaN(referenceMbPerSecond)) {
        s += String.format(Locale.ROOT, "%nreference (java.util.regex + GPT-2 encoder.py port): %.1f MB/s, "
            + "peer ratio %.1fx, identical ids: %s", referenceMbPerSecond, peerRatio, agreesWithReference);
      }
      return s;
    }
  }

  private EncodeBenchmark() {}

  /** The GPT-2 vocab.json and merges.txt under {@code start} or one of its parents, if present. */
  public static Optional<Path[]> defaultGpt2Files(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path d = dir.resolve(DEFAULT_DIR);
      if (Files.isRegularFile(d.resolve("vocab.json")) && Files.isRegularFile(d.resolve("merges.txt"))) {
        return Optional.of(new Path[] {d.resolve("vocab.json"), d.resolve("merges.txt")});
      }
    }
    return Optional.empty();
  }

  /** Runs the benchmark, printing progress and the summary to {@code out}, and returns the result. */
  public static Result run(Config config, PrintStream out) {
    long t0 = System.nanoTime();
    BpeModel model = Gpt2Files.loadModel(config.vocab(), config.merges(), java.util.List.of(Gpt2Files.END_OF_TEXT));
    out.printf(Locale.ROOT, "loaded GPT-2 vocabulary (%d ids, %d merges) in %.2f s%n", model.vocabSize(),
        model.merges().size(), (System.nanoTime() - t0) / 1e9);
    String text = new MixedTextGenerator(config.seed()).generate(config.bytes());
    long bytes = text.getBytes(StandardCharsets.UTF_8).length;
    out.printf(Locale.ROOT, "generated %d bytes of mixed text (seed %d)%n", bytes, config.seed());

    String warmup = text.substring(0, Math.min(text.length(), 2_000_000));
    for (int i = 0; i < 4; i++) {
      new ByteLevelBpeTokenizer(model).encode(warmup); // let the JIT compile the cold-cache path
    }
    new ByteLevelBpeTokenizer(model).encode(text);
    double[] rates = new double[config.rounds()];
    int[] ids = null;
    ByteLevelBpeTokenizer tok = null;
    for (int r = 0; r < config.rounds(); r++) {
      tok = new ByteLevelBpeTokenizer(model);
      long s = System.nanoTime();
      ids = tok.encode(text);
      rates[r] = bytes / 1e6 / ((System.nanoTime() - s) / 1e9);
      out.printf(Locale.ROOT, "round %d: %.1f MB/s%n", r + 1, rates[r]);
    }
    long s = System.nanoTime();
    tok.encode(text);
    double warm = bytes / 1e6 / ((System.nanoTime() - s) / 1e9);
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    boolean lossless = tok.decode(ids).equals(text);

    double refRate = Double.NaN;
    boolean agrees = false;
    if (config.reference()) {
      ReferenceBpeEncoder.of(model).encode(warmup.substring(0, Math.min(warmup.length(), 500_000)));
      ReferenceBpeEncoder ref = ReferenceBpeEncoder.of(model);
      long rs = System.nanoTime();
      int[] refIds = ref.encode(text);
      refRate = bytes / 1e6 / ((System.nanoTime() - rs) / 1e9);
      agrees = Arrays.equals(refIds, ids);
    }
    Result result = new Result(bytes, ids.length, median, sorted[sorted.length - 1], warm, refRate,
        median / refRate, lossless, agrees);
    out.println(result.describe());
    if (!lossless || (config.reference() && !agrees)) {
      throw new TokenizerException("benchmark self-check failed: lossless=" + lossless + ", agreesWithReference="
          + agrees);
    }
    return result;
  }

  /** Command-line entry: {@code [vocab.json merges.txt] [megabytes]}; defaults to the repository's test files. */
  public static void main(String[] args) {
    Path[] files = args.length >= 2 ? new Path[] {Path.of(args[0]), Path.of(args[1])}
        : defaultGpt2Files(Path.of("")).orElseThrow(() -> new TokenizerException(
            "GPT-2 files not found under " + DEFAULT_DIR + "; pass vocab.json and merges.txt paths"));
    long mb = args.length == 1 ? Long.parseLong(args[0]) : args.length >= 3 ? Long.parseLong(args[2]) : 10;
    run(new Config(files[0], files[1], mb * 1_000_000L, 42, 5, true), System.out);
  }
}
