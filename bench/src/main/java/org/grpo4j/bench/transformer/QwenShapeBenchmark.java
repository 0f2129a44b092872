package org.grpo4j.bench.transformer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.transformer.Llama;
import org.grpo4j.transformer.LlamaConfig;
import org.grpo4j.transformer.ModelFamily;
import org.grpo4j.transformer.RopeConfig;
import org.grpo4j.transformer.Scorer;
import org.grpo4j.transformer.sample.CacheMode;
import org.grpo4j.transformer.sample.Completion;
import org.grpo4j.transformer.sample.Decoding;
import org.grpo4j.transformer.sample.RolloutEngine;
import org.grpo4j.transformer.sample.SamplingConfig;

/**
 * Scoring and decoding speed of a randomly initialised decoder with Qwen2.5-0.5B's shapes (24 layers, hidden 896,
 * 14 heads, 2 KV heads, intermediate 4864, vocab 151,936, tied head, q/k/v biases) in float32, at a batch of 16
 * prompts x 128 new tokens. Decoding is also reported as a share of the memory-bandwidth bound: every decode step
 * reads all weights once, so steps/s can be at most (measured copy bandwidth) / (weight bytes).
 */
public final class QwenShapeBenchmark {

  /** Qwen2.5-0.5B's shapes (head_dim 64, RoPE theta 1e6, tied embeddings). */
  public static final LlamaConfig QWEN25_05B = new LlamaConfig(ModelFamily.QWEN2, 24, 896, 14, 2, 64, 4864, 151_936,
      32_768, 1e-6, RopeConfig.plain(1_000_000.0), true, true, false);

  /** Sizes of one run. */
  public record Config(LlamaConfig model, int batch, int promptLength, int newTokens, int rounds, long seed) {
    /** Validates the sizes. */
    public Config {
      if (model == null || batch < 1 || promptLength < 1 || newTokens < 1 || rounds < 1) {
        throw new IllegalArgumentException("batch, prompt length, new tokens and rounds must be >= 1, got " + batch
            + ", " + promptLength + ", " + newTokens + ", " + rounds);
      }
    }
  }

  /** Workload names in {@code --json} and in bench/peer/torch_bench.py, which defines the same two workloads. */
  public static final String SCORE_WORKLOAD = "qwen25_score_b16x160";
  /** See {@link #SCORE_WORKLOAD}. */
  public static final String DECODE_WORKLOAD = "qwen25_decode_b16x128";

  /**
   * Medians over the rounds: tokens/s of scoring and of decoding, and decoding's share of the bandwidth bound; and
   * each round's milliseconds.
   */
  public record Result(long parameters, double scoreTokensPerSecond, double decodeTokensPerSecond,
      double decodeStepsPerSecond, double weightGigabytes, double copyGigabytesPerSecond, double bandwidthShare,
      double[] scoreMillis, double[] decodeMillis) {}

  private QwenShapeBenchmark() {}

  /** Runs the benchmark, printing progress and a summary to {@code out}. */
  public static Result run(Config c, PrintStream out) {
    long t0 = System.nanoTime();
    Llama model = new Llama(c.model(), c.seed());
    long params = model.parameters().stream().mapToLong(p -> p.length()).sum();
    out.printf(Locale.ROOT, "qwen-shape: %,d parameters (%.2f GB float32), built in %.1f s%n", params,
        params * 4 / 1e9, (System.nanoTime() - t0) / 1e9);
    Random r = new Random(c.seed());
    List<int[]> prompts = new ArrayList<>();
    List<int[]> completions = new ArrayList<>();
    for (int b = 0; b < c.batch(); b++) {
      prompts.add(r.ints(c.promptLength(), 0, c.model().vocabSize()).toArray());
      completions.add(r.ints(c.newTokens(), 0, c.model().vocabSize()).toArray());
    }
    SamplingConfig sampling = new SamplingConfig(Decoding.SAMPLE, 1.0, 0, 1.0, c.newTokens(), Set.of(), c.seed(),
        CacheMode.KV_CACHE);
    long w = System.nanoTime();
    try (GradMode.Scope g = GradMode.noGrad()) { // one untimed call of each, as the PyTorch peer warms up
      Scorer.score(model, prompts, completions);
    }
    RolloutEngine.generate(model, prompts, sampling);
    out.printf(Locale.ROOT, "warm-up (one score and one sample, untimed): %.1f s%n", (System.nanoTime() - w) / 1e9);
    double[] score = new double[c.rounds()];
    double[] decode = new double[c.rounds()];
    double[] scoreMs = new double[c.rounds()];
    double[] decodeMs = new double[c.rounds()];
    for (int i = 0; i < c.rounds(); i++) {
      long s = System.nanoTime();
      double cpu0 = cpuSeconds();
      try (GradMode.Scope g = GradMode.noGrad()) {
        Scorer.score(model, prompts, completions);
      }
      double scoreS = (System.nanoTime() - s) / 1e9;
      double scoreCpu = cpuSeconds() - cpu0;
      score[i] = c.batch() * (double) (c.promptLength() + c.newTokens()) / scoreS;
      scoreMs[i] = scoreS * 1e3;
      s = System.nanoTime();
      cpu0 = cpuSeconds();
      List<Completion> out1 = RolloutEngine.generate(model, prompts, sampling);
      double decodeS = (System.nanoTime() - s) / 1e9;
      double decodeCpu = cpuSeconds() - cpu0;
      long generated = out1.stream().mapToLong(Completion::length).sum();
      decode[i] = generated / decodeS;
      decodeMs[i] = decodeS * 1e3;
      out.printf(Locale.ROOT, "round %d: score %d x %d tokens in %.2f s (%.0f tokens/s); sample %d x %d new tokens"
          + " in %.2f s (%.1f tokens/s, prefill included); process CPU time: score %.1f s, sample %.1f s (with %d"
          + " cores and no other load, wall time would be about CPU time / cores)%n", i + 1, c.batch(),
          c.promptLength() + c.newTokens(), scoreS, score[i], c.batch(), c.newTokens(), decodeS, decode[i], scoreCpu,
          decodeCpu, Runtime.getRuntime().availableProcessors());
    }
    double copy = copyBandwidth();
    double scoreMed = median(score);
    double decodeMed = median(decode);
    double steps = decodeMed / c.batch();
    double weightGb = params * 4 / 1e9;
    Result result = new Result(params, scoreMed, decodeMed, steps, weightGb, copy, steps * weightGb / copy, scoreMs,
        decodeMs);
    out.printf(Locale.ROOT, "scoring: %.0f tokens/s; decoding: %.1f tokens/s = %.2f steps/s of batch %d%n"
        + "bandwidth bound: %.2f GB of weights per step, measured copy bandwidth %.1f GB/s -> at most %.2f steps/s;"
        + " decoding reaches %.0f%% of it%n", scoreMed, decodeMed, steps, c.batch(), weightGb, copy, copy / weightGb,
        100 * result.bandwidthShare());
    return result;
  }

  /** Reads plus writes of a 512 MB float copy per second, best of five (a STREAM-like copy, GB = 1e9 bytes). */
  static double copyBandwidth() {
    float[] a = new float[1 << 26];
    float[] b = new float[1 << 26];
    java.util.Arrays.fill(a, 1f);
    double best = 0;
    for (int i = 0; i < 5; i++) {
      long s = System.nanoTime();
      System.arraycopy(a, 0, b, 0, a.length);
      best = Math.max(best, 2.0 * 4 * a.length / 1e9 / ((System.nanoTime() - s) / 1e9));
    }
    return best;
  }

  /** CPU seconds used by this process so far, all threads (the BLAS threads included). */
  private static double cpuSeconds() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : Double.NaN;
  }

  /** The median as Python's statistics.median takes it (the mean of the middle two of an even count), as the peer does. */
  static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    int h = s.length / 2;
    return s.length % 2 == 1 ? s[h] : 0.5 * (s[h - 1] + s[h]);
  }

  /**
   * Writes {@code r} as torch_bench.py's JSON ({@code impl}, {@code results}: workload, median/min/max ms per run,
   * tokens/s at the median), so {@code bench/compare} sets it beside the PyTorch peer's qwen25_* results.
   */
  public static void writeJson(Config c, Result r, java.nio.file.Path file) throws java.io.IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var doc = json.createObjectNode().put("impl", "grpo4j").put("threads", Runtime.getRuntime()
        .availableProcessors()).put("machine", System.getProperty("os.arch"));
    var results = doc.putArray("results");
    long scoreTokens = (long) c.batch() * (c.promptLength() + c.newTokens());
    long decodeTokens = (long) c.batch() * c.newTokens();
    for (var w : List.of(java.util.Map.entry(SCORE_WORKLOAD, r.scoreMillis()),
        java.util.Map.entry(DECODE_WORKLOAD, r.decodeMillis()))) {
      double med = median(w.getValue());
      long tokens = w.getKey().equals(SCORE_WORKLOAD) ? scoreTokens : decodeTokens;
      results.addObject().put("workload", w.getKey()).put("impl", "grpo4j").put("median_ms", med)
          .put("min_ms", java.util.Arrays.stream(w.getValue()).min().orElse(med))
          .put("max_ms", java.util.Arrays.stream(w.getValue()).max().orElse(med)).put("tokens_per_s", tokens / (med / 1e3));
    }
    // whole or not at all: a failed write leaves an earlier file as it was
    org.grpo4j.nn.io.AtomicFiles.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(doc)
        + "\n");
  }

  /** The suite's run: Qwen2.5-0.5B shapes, 16 prompts of 32 tokens, 128 new tokens; JSON to {@code json} if given. */
  public static Result runSuite(int rounds, java.nio.file.Path json, PrintStream out) throws java.io.IOException {
    Config c = new Config(QWEN25_05B, 16, 32, 128, rounds, 7);
    Result r = run(c, out);
    if (json != null) {
      writeJson(c, r, json);
    }
    return r;
  }

  /**
   * Command-line entry: {@code [rounds] [results.json]} (default 1 round, no JSON); an existing results file is
   * refused before the run, as {@code grpo4j bench --suite qwen --json FILE} does without --overwrite.
   */
  public static void main(String[] args) throws java.io.IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    java.nio.file.Path json = args.length > 1 ? java.nio.file.Path.of(args[1]) : null;
    if (json != null && java.nio.file.Files.exists(json, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(json + " already exists; remove it first (or use grpo4j bench --suite qwen"
          + " --json " + json + " --overwrite)");
    }
    runSuite(rounds, json, System.out);
  }
}
