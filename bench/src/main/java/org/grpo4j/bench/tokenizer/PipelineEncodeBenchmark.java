package org.grpo4j.bench.tokenizer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.grpo4j.tokenizer.BpeModel;
import org.grpo4j.tokenizer.ByteLevelBpeTokenizer;
import org.grpo4j.tokenizer.Gpt2Files;
import org.grpo4j.tokenizer.HfTokenizerJson;
import org.grpo4j.tokenizer.PieceSplitter;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.tokenizer.TokenizerException;
import org.grpo4j.tokenizer.corpus.MixedTextGenerator;

/**
 * Encoding throughput of the tokenizer.json pipelines against the project's standard, the GPT-2 pipeline of
 * {@link EncodeBenchmark}, on the same mixed text in one run: the Qwen2 pipeline (NFC + Split on Qwen2's regex +
 * ByteLevel) over the same GPT-2 vocabulary, which isolates the pipeline's cost, and the Qwen-style fixture
 * tokenizer.json (vocabulary 800) when it is found. Cold cache, median of the rounds, MB = 10^6 input bytes.
 */
public final class PipelineEncodeBenchmark {

  /** Qwen2's pre-tokenizer regex (Split, Isolated), as in its tokenizer.json. */
  public static final String QWEN2_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
      + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  /** The Qwen-style fixture relative to the repository root. */
  public static final Path QWEN_STYLE = Path.of("tokenizer", "src", "test", "resources", "qwen-style-tokenizer",
      "tokenizer.json");

  private PipelineEncodeBenchmark() {}

  /** Runs every pipeline on {@code bytes} of mixed text and returns MB/s by pipeline name. */
  public static Map<String, Double> run(Path vocab, Path merges, Path qwenStyle, long bytes, int rounds,
      PrintStream out) {
    BpeModel gpt2 = Gpt2Files.loadModel(vocab, merges, List.of(Gpt2Files.END_OF_TEXT));
    String text = new MixedTextGenerator(42).generate(bytes);
    long n = text.getBytes(StandardCharsets.UTF_8).length;
    Map<String, Supplier<Tokenizer>> pipelines = new LinkedHashMap<>();
    pipelines.put("gpt2 (ByteLevel regex, GPT-2 vocab; the standard)", () -> new ByteLevelBpeTokenizer(gpt2));
    pipelines.put("qwen2 pipeline (NFC + Split + ByteLevel, GPT-2 vocab)",
        () -> new ByteLevelBpeTokenizer(gpt2, PieceSplitter.isolated(QWEN2_REGEX), Normalizer.Form.NFC));
    if (qwenStyle != null && Files.isRegularFile(qwenStyle)) {
      pipelines.put("qwen-style fixture tokenizer.json (vocab 800)", () -> HfTokenizerJson.loadAny(qwenStyle));
    }
    Map<String, Double> rates = new LinkedHashMap<>();
    String warm = text.substring(0, Math.min(text.length(), 1_000_000));
    for (Map.Entry<String, Supplier<Tokenizer>> p : pipelines.entrySet()) {
      for (int i = 0; i < 3; i++) {
        p.getValue().get().encode(warm);
      }
      double[] r = new double[rounds];
      int[] ids = null;
      Tokenizer tok = null;
      for (int i = 0; i < rounds; i++) {
        tok = p.getValue().get();
        long s = System.nanoTime();
        ids = tok.encode(text);
        r[i] = n / 1e6 / ((System.nanoTime() - s) / 1e9);
      }
      Arrays.sort(r);
      if (!tok.decode(ids).equals(Normalizer.normalize(text, Normalizer.Form.NFC))
          && !tok.decode(ids).equals(text)) {
        throw new TokenizerException("benchmark self-check failed: " + p.getKey() + " does not round-trip");
      }
      rates.put(p.getKey(), r[r.length / 2]);
      out.printf(Locale.ROOT, "%-55s %6.1f MB/s (%.2f bytes/token)%n", p.getKey(), r[r.length / 2],
          (double) n / ids.length);
    }
    return rates;
  }

  /** Command-line entry: {@code [megabytes]} (default 10), run from the repository root. */
  public static void main(String[] args) {
    Path[] files = EncodeBenchmark.defaultGpt2Files(Path.of("")).orElseThrow(() -> new TokenizerException(
        "GPT-2 files not found under " + EncodeBenchmark.DEFAULT_DIR + "; run from the repository root"));
    long mb = args.length > 0 ? Long.parseLong(args[0]) : 10;
    run(files[0], files[1], QWEN_STYLE, mb * 1_000_000L, 5, System.out);
  }
}
