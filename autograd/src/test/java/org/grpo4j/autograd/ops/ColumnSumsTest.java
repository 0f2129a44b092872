package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Column sums (bias gradients) and the bias add of a linear layer at sizes that run in column blocks and row pieces
 * on the pool: against float64 sums, and bit-identical at 1, 2 and 3 threads.
 */
class ColumnSumsTest {
  private final int saved = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
  }

  @Test
  void blockedColumnSumsMatchFloat64AndEveryThreadCount() {
    int rows = 1_031;
    int cols = 517; // 533k elements: column blocks of 144, the last partial
    SplittableRandom r = new SplittableRandom(5);
    float[] v = new float[rows * cols];
    double[] ref = new double[cols];
    double[] scale = new double[cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
      ref[i % cols] += v[i];
      scale[i % cols] += Math.abs(v[i]);
    }
    INDArray g = Nd4j.create(v, new long[] {rows, cols}, 'c');
    float[] one = sums(g, 1);
    for (int j = 0; j < cols; j++) {
      assertTrue(Math.abs(one[j] - ref[j]) <= 1e-5 * scale[j] + 1e-5, "column " + j + ": " + one[j] + " vs " + ref[j]);
    }
    assertArrayEquals(one, sums(g, 2), "1 vs 2 threads");
    assertArrayEquals(one, sums(g, 3), "1 vs 3 threads");
    assertArrayEquals(one, sums(g, 2), "2 threads again");
  }

  @Test
  void biasAddInRowPiecesIsExactAtEveryThreadCount() {
    SplittableRandom r = new SplittableRandom(6);
    INDArray x = Nd4j.create(random(r, 900 * 64), new long[] {900, 64}, 'c');
    INDArray w = Nd4j.create(random(r, 64 * 300), new long[] {64, 300}, 'c');
    INDArray b = Nd4j.create(random(r, 300), new long[] {300}, 'c');
    INDArray noBias = Gemm.mm(x, false, w, false);
    float[] expected = noBias.dup().data().asFloat();
    float[] bias = b.data().asFloat();
    for (int i = 0; i < expected.length; i++) {
      expected[i] += bias[i % 300];
    }
    for (int t = 1; t <= 3; t++) {
      Parallel.setThreads(t);
      float[] got = F.linear(Tensor.of(x), Tensor.of(w), Tensor.of(b)).data().dup().data().asFloat();
      assertArrayEquals(expected, got, "bias add on " + t + " threads");
    }
  }

  private static float[] sums(INDArray g, int threads) {
    Parallel.setThreads(threads);
    return Gemm.columnSums(g).dup().data().asFloat();
  }

  private static float[] random(SplittableRandom r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }
}
