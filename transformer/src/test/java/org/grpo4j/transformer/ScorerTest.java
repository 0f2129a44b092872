package org.grpo4j.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The batched score path: right padding changes nothing, masks mark real tokens, gradients do not leak. */
class ScorerTest {
  final Gpt model = new Gpt(GptConfig.of(2, 2, 8, 11, 16), 9, DataType.DOUBLE);
  final List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {4}, new int[] {5, 6, 7, 8, 9, 10});
  final List<int[]> completions = List.of(new int[] {3, 2}, new int[] {1, 2, 3, 4, 5}, new int[] {0});

  @Test
  void logProbsEqualThoseOfEachSequenceAlone() {
    ScoredBatch s;
    try (var g = GradMode.noGrad()) {
      s = Scorer.score(model, prompts, completions);
    }
    assertArrayEquals(new long[] {3, 5}, s.logProbs().shape());
    assertArrayEquals(new double[] {1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0},
        s.mask().reshape(15).toDoubleVector());
    for (int b = 0; b < 3; b++) {
      int[] p = prompts.get(b);
      int[] c = completions.get(b);
      int[] seq = new int[p.length + c.length];
      System.arraycopy(p, 0, seq, 0, p.length);
      System.arraycopy(c, 0, seq, p.length, c.length);
      INDArray logits;
      try (var g = GradMode.noGrad()) {
        logits = model.forward(new int[][] {seq}).data(); // (1, L, V)
      }
      for (int j = 0; j < c.length; j++) {
        INDArray row = logits.get(NDArrayIndex.point(0), NDArrayIndex.point(p.length - 1 + j));
        double lse = Math.log(sumExp(row));
        double want = row.getDouble(c[j]) - lse;
        assertEquals(want, s.logProbs().data().getDouble(b, j), 1e-10, "sequence " + b + " token " + j);
      }
    }
  }

  static double sumExp(INDArray row) {
    double sum = 0;
    for (double x : row.toDoubleVector()) {
      sum += Math.exp(x);
    }
    return sum;
  }

  @Test
  void gradientsOfTheBatchEqualTheSumOverSequences() {
    Scorer.score(model, prompts, completions).meanNll().mul(8.0).backward(); // 8 real tokens: the sum of NLLs
    Map<String, INDArray> batched = new LinkedHashMap<>();
    model.namedParameters().forEach((n, p) -> batched.put(n, p.grad().dup()));
    model.zeroGrad();
    for (int b = 0; b < 3; b++) {
      ScoredBatch one = Scorer.score(model, List.of(prompts.get(b)), List.of(completions.get(b)));
      one.meanNll().mul(completions.get(b).length).backward();
    }
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      INDArray want = e.getValue().grad();
      double err = batched.get(e.getKey()).sub(want).amaxNumber().doubleValue();
      assertTrue(err < 1e-10, e.getKey() + " differs by " + err);
    }
  }

  @Test
  void tooLongAndMismatchedInputsAreNamed() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Scorer.score(model, List.of(new int[10]), List.of(new int[8])));
    assertEquals("score: prompt 0 (10 tokens) + completion (8 tokens) needs 17 positions, more than the context of 16 "
        + "(n_positions)", e.getMessage());
    var n = assertThrows(IllegalArgumentException.class, () -> Scorer.score(model, prompts, List.of(new int[1])));
    assertTrue(n.getMessage().contains("3 prompts and 1 completions"), n.getMessage());
  }
}
