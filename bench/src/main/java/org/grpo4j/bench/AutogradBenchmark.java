package org.grpo4j.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Times MLP and causal-attention fwd+bwd through grpo4j, SameDiff and hand-written ND4J in one run (float32)
 * and prints the ratios the project targets.
 */
public final class AutogradBenchmark {
  private AutogradBenchmark() {}

  /** Median per-step times in ms by implementation, for one workload. */
  public record Row(String workload, Map<String, Timing.Stats> byImpl) {
    /** median(other) / median(grpo4j): above 1 means grpo4j is faster. */
    public double speedup(String other) {
      return byImpl.get(other).medianMs() / byImpl.get("grpo4j").medianMs();
    }
  }

  /** Runs both workloads; {@code quick} shortens warm-up and rounds. */
  public static Row[] run(boolean quick, PrintStream out) {
    long warm = quick ? 1000 : 3000;
    int rounds = quick ? 7 : 21;
    long roundMs = quick ? 100 : 250;
    MlpProblem mlp = MlpProblem.standard(DataType.FLOAT, 1);
    AttentionProblem att = AttentionProblem.standard(DataType.FLOAT, 2);
    Row r1 = time("MLP fwd+bwd (B=64, 256-256-256)", Map.of(
        "grpo4j", p -> new GrpoMlp(mlp), "SameDiff", p -> new SameDiffMlp(mlp), "hand ND4J", p -> new HandMlp(mlp)),
        warm, rounds, roundMs, out);
    Row r2 = time("causal attention block fwd+bwd (B=4, T=64, d=128, 4 heads)", Map.of(
        "grpo4j", p -> new GrpoAttention(att), "SameDiff", p -> new SameDiffAttention(att),
        "hand ND4J", p -> new HandAttention(att)), warm, rounds, roundMs, out);
    out.println();
    out.printf("MLP:       grpo4j / hand-written ND4J = %.2fx the time (target <= 1.3)%n", 1 / r1.speedup("hand ND4J"));
    out.printf("MLP:       SameDiff / grpo4j          = %.2fx (target >= 2)%n", r1.speedup("SameDiff"));
    out.printf("Attention: SameDiff / grpo4j          = %.2fx (target >= 2)%n", r2.speedup("SameDiff"));
    out.printf("Attention: grpo4j / hand-written ND4J = %.2fx the time%n", 1 / r2.speedup("hand ND4J"));
    return new Row[] {r1, r2};
  }

  private static Row time(String name, Map<String, Function<Void, Workload>> impls, long warm, int rounds,
      long roundMs, PrintStream out) {
    out.println(name);
    Map<String, Runnable> calls = new LinkedHashMap<>();
    for (String impl : new String[] {"grpo4j", "SameDiff", "hand ND4J"}) {
      Workload w = impls.get(impl).apply(null);
      calls.put(impl, w::step);
    }
    Map<String, Timing.Stats> stats = Timing.compare(calls, warm, rounds, roundMs);
    stats.forEach((impl, s) -> out.printf("  %-10s %s%n", impl, s));
    return new Row(name, stats);
  }
}
