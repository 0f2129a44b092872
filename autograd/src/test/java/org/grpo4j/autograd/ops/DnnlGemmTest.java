package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DnnlGemm}: float32 products through {@link CpuBlas#gemm} equal op(a) op(b) (+ bias) computed here in double
 * precision, over random shapes tiled by rows or by columns (brgemm where oneDNN picks it, else its jit GEMM), each
 * operand read transposed or not, with and without bias rows; bit-identical at 1 and 2 threads.
 */
class DnnlGemmTest {
  private final int saved = Parallel.threads();

  @BeforeEach
  void needsBrgemm() {
    assumeTrue(Dnnl.KERNELS && PackedGemm.available(), "no oneDNN brgemm here: products stay on OpenBLAS");
  }

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
  }

  @Test
  void productsEqualTheProductInDoubleAtAnyThreadCount() {
    qt().withExamples(System.getenv("CI") != null ? 25 : 50).withFixedSeed(20261202L).forAll(longs().all())
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          int m = 16 + r.nextInt(600);
          int n = 16 + r.nextInt(600);
          int k = Math.max(16 + r.nextInt(300), (int) ((GemmTiles.TILE_MIN + (long) m * n - 1) / ((long) m * n)));
          boolean ta = r.nextBoolean();
          boolean tb = r.nextBoolean();
          boolean withBias = r.nextBoolean();
          INDArray a = random(r, ta ? k : m, ta ? m : k);
          INDArray b = random(r, tb ? n : k, tb ? k : n);
          INDArray bias = withBias ? random(r, 1, n).reshape(n) : null;
          String what = "seed " + seed + ": " + m + "x" + n + "x" + k + (ta ? " a^T" : "") + (tb ? " b^T" : "")
              + (withBias ? " +bias" : "");
          double[][] ref = reference(a, ta, b, tb, bias, m, n, k);
          double[] first = null;
          for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            INDArray c = Nd4j.create(DataType.FLOAT, m, n);
            CpuBlas.gemm(a, ta, b, tb, c, 1, m, n, k, false, bias == null ? null : new BiasRows(bias, n));
            double[] got = c.data().asDouble();
            if (first == null) {
              first = got;
            }
            assertArrayEquals(first, got, 0.0, what + ": differs between 1 and 2 threads");
            for (int i = 0; i < m * n; i++) {
              assertTrue(Math.abs(got[i] - ref[0][i]) <= 2e-6 * ref[1][i] + 1e-30,
                  what + ": element " + i + " " + got[i] + " vs " + ref[0][i]);
            }
          }
        });
  }

  /**
   * Every product of a GPT training step (d = 128 and 256, 2,048 tokens) runs on oneDNN: x W (bias rows) and dY W^T
   * on brgemm in tiles of rows, the weight gradients X^T dY (tiles of a transposed a) on its jit GEMM.
   */
  @Test
  void theTrainingStepsProductsTakeOneDnn() {
    for (int d : new int[] {128, 256}) {
      int tokens = 2048;
      for (int[] io : new int[][] {{d, 3 * d}, {d, d}, {d, 4 * d}, {4 * d, d}}) {
        String what = "d=" + d + " " + io[0] + "->" + io[1];
        assertTrue(DnnlGemm.usable(GemmTiles.plan(1, tokens, io[1], io[0]), false, false, true), what + ": x W + b");
        assertTrue(DnnlGemm.usable(GemmTiles.plan(1, tokens, io[0], io[1]), false, true, false), what + ": dY W^T");
        assertTrue(DnnlGemm.usable(GemmTiles.plan(1, io[0], io[1], tokens), true, false, false), what + ": X^T dY");
      }
    }
  }

  /**
   * GPT-2-small x W products of 4,096 tokens, halved into tiles of 2,048 whole rows, stay on OpenBLAS where their
   * rows exceed 1,024 columns (c_attn 2,304, c_fc 3,072), where oneDNN's brgemm measured 1.3-2.3x slower; the MLP's
   * c_proj (768 columns), their dY W^T and the 2,048-token products (tiles of columns) keep oneDNN.
   */
  @Test
  void largeXwTilesStayOnOpenBlas() {
    int c = 768;
    for (int n : new int[] {3 * c, 4 * c}) {
      GemmTiles halves = GemmTiles.plan(1, 4096, n, c, 2);
      assertEquals(2048, halves.rows(), "tiles of 2,048 rows");
      assertFalse(DnnlGemm.usable(halves, false, false, true), n + " columns: x W + b");
      assertFalse(DnnlGemm.usable(halves, false, false, false), n + " columns: x W");
      assertTrue(DnnlGemm.usable(GemmTiles.plan(1, 4096, c, n, 2), false, true, false), n + " columns: dY W^T");
      GemmTiles columns = GemmTiles.plan(1, 2048, n, c, 2);
      assertEquals(2048, columns.rows(), "2,048 tokens: tiles of columns");
      assertTrue(DnnlGemm.usable(columns, false, false, true), "2,048 tokens: x W + b");
    }
    assertTrue(DnnlGemm.usable(GemmTiles.plan(1, 4096, c, 4 * c, 2), false, false, true), "c_proj: x W + b");
  }

  /**
   * A tied head's dLogits wte (k = GPT-2's 50,257-token vocabulary, 768 columns) stays on OpenBLAS in tiles of more
   * than 256 whole rows, where oneDNN measured 1.1-1.24x slower, and keeps oneDNN for the peers' 512-token step
   * (tiles of columns) and at k = 8,192.
   */
  @Test
  void longInnerXwTilesStayOnOpenBlas() {
    int v = 50257;
    int c = 768;
    assertFalse(DnnlGemm.usable(GemmTiles.plan(1, 2048, c, v, 2), false, false, false), "2,048 tokens");
    assertFalse(DnnlGemm.usable(GemmTiles.plan(1, 1024, c, v, 2), false, false, false), "1,024 tokens");
    assertFalse(DnnlGemm.usable(GemmTiles.plan(1, 768, c, v, 2), false, false, false), "768 tokens");
    assertTrue(DnnlGemm.usable(GemmTiles.plan(1, 512, c, v, 2), false, false, false), "512 tokens");
    assertTrue(DnnlGemm.usable(GemmTiles.plan(1, 2048, c, 8192, 2), false, false, false), "k = 8,192");
    assertTrue(DnnlGemm.usable(GemmTiles.plan(1, 2048, v, c, 2), false, true, false), "the head's h wte^T");
  }

  /** {op(a) op(b) + bias, sum of |terms|} in double, element by element (row major). */
  static double[][] reference(INDArray a, boolean ta, INDArray b, boolean tb, INDArray bias, int m, int n,
      int k) {
    double[] av = a.data().asDouble();
    double[] bv = b.data().asDouble();
    double[] biasv = bias == null ? null : bias.data().asDouble();
    double[] c = new double[m * n];
    double[] mag = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = biasv == null ? 0 : biasv[j];
        double t = biasv == null ? 0 : Math.abs(biasv[j]);
        for (int p = 0; p < k; p++) {
          double x = (ta ? av[p * m + i] : av[i * k + p]) * (tb ? bv[j * k + p] : bv[p * n + j]);
          s += x;
          t += Math.abs(x);
        }
        c[i * n + j] = s;
        mag[i * n + j] = t;
      }
    }
    return new double[][] {c, mag};
  }

  static INDArray random(SplittableRandom r, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return Nd4j.createFromArray(v).reshape(rows, cols);
  }
}
