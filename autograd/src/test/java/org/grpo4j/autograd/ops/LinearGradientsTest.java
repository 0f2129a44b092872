package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link LinearGradients}: a small layer's dx and dw, computed side by side, equal the products in double precision
 * for weights stored (in, out) and (out, in), bit-identical at 1 and 2 threads; large weights keep the tiles, with
 * the bits of {@link Gemm#mm}; the linear and matmul ops' backward passes take the pair.
 */
class LinearGradientsTest {
  private final int threads = Parallel.threads();
  private final boolean enabled = LinearGradients.enabled;

  @BeforeEach
  void needsBrgemm() {
    assumeTrue(Dnnl.KERNELS && PackedGemm.available(), "no oneDNN brgemm here: products stay on the tiles");
  }

  @AfterEach
  void restore() {
    Parallel.setThreads(threads);
    LinearGradients.enabled = enabled;
  }

  @Test
  void pairsEqualTheProductsInDoubleAtAnyThreadCount() {
    qt().withExamples(System.getenv("CI") != null ? 15 : 30).withFixedSeed(20261204L).forAll(longs().all())
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          int in = 16 * (1 + r.nextInt(64));
          int out = 16 * (1 + r.nextInt((int) Math.min(64, LinearGradients.MAX_WEIGHT / in / 16)));
          int rows = Math.max(64 + r.nextInt(900), (int) ((GemmTiles.TILE_MIN + (long) in * out - 1) / in / out));
          boolean outIn = r.nextBoolean();
          String what = "seed " + seed + ": rows " + rows + ", w " + (outIn ? out + "x" + in : in + "x" + out);
          assertNotNull(LinearGradients.pair(rows, in, out, outIn, 2), what + ": not paired");
          INDArray x = random(r, rows, in);
          INDArray g = random(r, rows, out);
          INDArray w = outIn ? random(r, out, in) : random(r, in, out);
          double[][] dx = reference(g, false, w, !outIn, rows, in, out);
          double[][] dw = outIn ? reference(g, true, x, false, out, in, rows)
              : reference(x, true, g, false, in, out, rows);
          double[][] first = null;
          for (int t : new int[] {1, 2}) {
            Parallel.setThreads(t);
            INDArray[] got = LinearGradients.of(x, g, w, outIn, true, true, 2);
            double[][] now = {got[0].data().asDouble(), got[1].data().asDouble()};
            if (first == null) {
              first = now;
            }
            assertArrayEquals(first[0], now[0], 0.0, what + ": dx differs between 1 and 2 threads");
            assertArrayEquals(first[1], now[1], 0.0, what + ": dw differs between 1 and 2 threads");
            close(now[0], dx, what + ": dx");
            close(now[1], dw, what + ": dw");
          }
        });
  }

  /** GPT-2 small's 768 x 768 weight (above 2^18 elements) keeps the tiles: the same bits as two {@link Gemm#mm}. */
  @Test
  void largeWeightsKeepTheTiles() {
    SplittableRandom r = new SplittableRandom(7);
    int rows = 512;
    int c = 768;
    assertNull(LinearGradients.pair(rows, c, c, false, 2), "768 x 768 paired");
    assertNotNull(LinearGradients.pair(2048, 1024, 256, false, 2), "d=256's 1,024 x 256 not paired");
    assertNull(LinearGradients.pair(2048, 1024, 256, false, 4), "paired on a machine of four tiles");
    INDArray x = random(r, rows, c);
    INDArray g = random(r, rows, c);
    INDArray w = random(r, c, c);
    INDArray[] got = LinearGradients.of(x, g, w, false, true, true, 2);
    assertArrayEquals(Gemm.mm(g, false, w, true).data().asFloat(), got[0].data().asFloat(), 0f, "dx");
    assertArrayEquals(Gemm.mm(x, true, g, false).data().asFloat(), got[1].data().asFloat(), 0f, "dw");
  }

  /** With pairs off (or one gradient not asked for) the products are exactly {@link Gemm#mm}'s. */
  @Test
  void offOrAloneIsTheTiledProduct() {
    SplittableRandom r = new SplittableRandom(8);
    INDArray x = random(r, 2048, 256);
    INDArray g = random(r, 2048, 512);
    INDArray w = random(r, 512, 256); // (out, in), as a tied head's wte
    float[] dx = Gemm.mm(g, false, w, false).data().asFloat();
    float[] dw = Gemm.mm(g, true, x, false).data().asFloat();
    assertArrayEquals(dx, LinearGradients.of(x, g, w, true, true, false, 2)[0].data().asFloat(), 0f, "dx alone");
    assertArrayEquals(dw, LinearGradients.of(x, g, w, true, false, true, 2)[1].data().asFloat(), 0f, "dw alone");
    INDArray[] four = LinearGradients.of(x, g, w, true, true, true, 4);
    assertArrayEquals(dx, four[0].data().asFloat(), 0f, "dx on a machine of four tiles");
    assertArrayEquals(dw, four[1].data().asFloat(), 0f, "dw on a machine of four tiles");
    LinearGradients.enabled = false;
    INDArray[] off = LinearGradients.of(x, g, w, true, true, true, 2);
    assertArrayEquals(dx, off[0].data().asFloat(), 0f, "dx, pairs off");
    assertArrayEquals(dw, off[1].data().asFloat(), 0f, "dw, pairs off");
  }

  /**
   * The ops' backward passes take the pairs (on a machine of two tiles): a linear layer (w (in, out)) and a tied
   * head's matmul by wte^T over a (batch, time, in) input give the gradients of the double reference.
   */
  @Test
  void linearAndMatmulBackwardUseThePairs() {
    SplittableRandom r = new SplittableRandom(9);
    int batch = 8;
    int time = 128;
    int in = 256;
    int out = 512;
    int rows = batch * time;
    if (GemmTiles.MAX_TILES == 2) { // from 4 cores the tiles stay: the same gradients, checked below all the same
      assertNotNull(LinearGradients.pair(rows, in, out, false, 2), "linear not paired");
      assertNotNull(LinearGradients.pair(rows, in, out, true, 2), "head not paired");
    }
    INDArray xv = random(r, rows, in);
    INDArray gv = random(r, rows, out);
    for (boolean head : new boolean[] {false, true}) {
      INDArray wv = head ? random(r, out, in) : random(r, in, out);
      Tensor x = Tensor.param(xv.dup().reshape(batch, time, in));
      Tensor w = Tensor.param(wv.dup());
      Tensor y = head ? F.matmul(x, false, w, true) : F.linear(x, w, null);
      y.mul(Tensor.of(gv.dup().reshape(batch, time, out))).sum().backward();
      double[][] dx = reference(gv, false, wv, !head, rows, in, out);
      double[][] dw = head ? reference(gv, true, xv, false, out, in, rows)
          : reference(xv, true, gv, false, in, out, rows);
      close(x.grad().data().asDouble(), dx, (head ? "head" : "linear") + ": dx");
      close(w.grad().data().asDouble(), dw, (head ? "head" : "linear") + ": dw");
    }
  }

  private static void close(double[] got, double[][] ref, String what) {
    for (int i = 0; i < got.length; i++) {
      assertTrue(Math.abs(got[i] - ref[0][i]) <= 2e-6 * ref[1][i] + 1e-30,
          what + ": element " + i + " " + got[i] + " vs " + ref[0][i]);
    }
  }

  /** {op(a) op(b), sum of |terms|} in double for op(a) (m, k), op(b) (k, n), row major. */
  private static double[][] reference(INDArray a, boolean ta, INDArray b, boolean tb, int m, int n, int k) {
    return DnnlGemmTest.reference(a, ta, b, tb, null, m, n, k);
  }

  private static INDArray random(SplittableRandom r, int rows, int cols) {
    return DnnlGemmTest.random(r, rows, cols);
  }
}
