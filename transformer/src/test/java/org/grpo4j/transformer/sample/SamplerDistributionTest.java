package org.grpo4j.transformer.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sampler's empirical next-token frequencies match the intended distributions (chi-square goodness of fit at
 * alpha = 1e-3, fixed seeds, so the outcome is deterministic): softmax at a temperature, and the truncated,
 * renormalized top-k and top-p distributions, computed here independently from a full forward pass.
 */
class SamplerDistributionTest {
  static final double ALPHA = 1e-3;
  static final int DRAWS = 6000;
  static final int[] PROMPT = {1, 4, 2};
  static final double SCALE = 10;

  final Gpt model = model();

  static Gpt model() {
    Gpt m = new Gpt(GptConfig.of(1, 2, 8, 10, 8), 3);
    // Spread the logits (probabilities 0.02 to 0.28) so that temperature and truncation matter.
    m.namedParameters().get("transformer.wte.weight").data().muli(SCALE);
    return m;
  }

  @Test
  void plainSoftmax() {
    check(SamplingConfig.sample(1, 10));
  }

  @Test
  void temperature() {
    check(SamplingConfig.sample(1, 11).withTemperature(0.7));
  }

  @Test
  void topK() {
    double[] full = check(SamplingConfig.sample(1, 12).withTopK(3));
    assertEquals(3, Arrays.stream(full).filter(p -> p > 0).count());
  }

  @Test
  void topP() {
    check(SamplingConfig.sample(1, 13).withTopP(0.75));
  }

  @Test
  void allThreeTogether() {
    check(SamplingConfig.sample(1, 14).withTemperature(1.4).withTopK(6).withTopP(0.9));
  }

  /** Draws DRAWS next tokens after PROMPT and tests them against the expected distribution; returns it. */
  double[] check(SamplingConfig config) {
    double temperature = config.temperature();
    int k = config.topK();
    double topP = config.topP();
    double[] logits = nextLogits();
    double[] expected = expected(logits, temperature, k, topP);
    List<Completion> out = RolloutEngine.generate(model, Collections.nCopies(DRAWS, PROMPT), config);
    long[] counts = new long[logits.length];
    double[] fullLogp = logSoftmax(logits);
    for (Completion c : out) {
      int t = c.tokens()[0];
      counts[t]++;
      assertTrue(expected[t] > 0, "drew token " + t + ", which the filter removes");
      assertEquals(Math.log(expected[t]), c.sampledLogProbs()[0], 1e-5, "sampled log-prob of " + t);
      assertEquals(fullLogp[t], c.modelLogProbs()[0], 1e-5, "model log-prob of " + t);
    }
    double pValue = chiSquare(expected, counts);
    assertTrue(pValue > ALPHA, "frequencies " + Arrays.toString(counts) + " do not fit " + Arrays.toString(expected)
        + " (p = " + pValue + ")");
    if (temperature != 1 || k > 0 || topP < 1) {
      double[] plain = expected(logits, 1.0, 0, 1.0);
      assertTrue(chiSquare(plain, counts) < ALPHA, "the test has power: the plain softmax is rejected");
    }
    return expected;
  }

  double[] nextLogits() {
    try (var g = GradMode.noGrad()) {
      INDArray l = model.forward(new int[][] {PROMPT}).data().castTo(DataType.DOUBLE); // (1, 3, V)
      return l.slice(0).getRow(PROMPT.length - 1).toDoubleVector();
    }
  }

  /** softmax(logits / t), keep the top k (ties kept), then the smallest prefix reaching p, renormalized. */
  static double[] expected(double[] logits, double t, int k, double p) {
    int v = logits.length;
    double[] probs = new double[v];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < v; i++) {
      order.add(i);
    }
    order.sort((a, b) -> Double.compare(logits[b], logits[a]));
    int kept = k > 0 ? k : v;
    double z = 0;
    for (int r = 0; r < kept; r++) {
      z += Math.exp(logits[order.get(r)] / t);
    }
    double cum = 0;
    for (int r = 0; r < kept && cum < p; r++) {
      int i = order.get(r);
      probs[i] = Math.exp(logits[i] / t) / z;
      cum += probs[i];
    }
    for (int i = 0; i < v; i++) {
      probs[i] /= cum;
    }
    return probs;
  }

  static double[] logSoftmax(double[] x) {
    double max = Arrays.stream(x).max().orElseThrow();
    double lse = Math.log(Arrays.stream(x).map(a -> Math.exp(a - max)).sum()) + max;
    return Arrays.stream(x).map(a -> a - lse).toArray();
  }

  /** Chi-square p-value over the tokens with positive expected probability; a draw outside them gives 0. */
  static double chiSquare(double[] expected, long[] counts) {
    List<Double> e = new ArrayList<>();
    List<Long> o = new ArrayList<>();
    long total = Arrays.stream(counts).sum();
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] > 0) {
        e.add(expected[i] * total);
        o.add(counts[i]);
      } else if (counts[i] > 0) {
        return 0.0;
      }
    }
    return new ChiSquareTest().chiSquareTest(e.stream().mapToDouble(d -> d).toArray(),
        o.stream().mapToLong(l -> l).toArray());
  }

  @Test
  void greedyTakesTheArgmaxWithLogProbZero() {
    double[] logits = nextLogits();
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      best = logits[i] > logits[best] ? i : best;
    }
    Completion c = RolloutEngine.generate(model, List.of(PROMPT), SamplingConfig.greedy(1).withStopTokens(Set.of())).get(0);
    assertEquals(best, c.tokens()[0]);
    assertEquals(0.0, c.sampledLogProbs()[0]);
  }
}
