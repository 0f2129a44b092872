package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tiled products ({@link GemmTiles}): over random shapes, transposes, batches and tile sizes (edge tiles included)
 * they equal a double-precision reference computed here element by element and the untiled product to rounding, and
 * they are bit-identical at 1, 2 and 3 kernel threads, with or without a bias written first into every row; {@link
 * Gemm#mm} tiles products from the threshold up.
 */
class GemmTilesTest {
  private final int saved = Parallel.threads();
  private final double savedLoad = LoadGate.setMaxLoad(Double.POSITIVE_INFINITY); // the pool at any load

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
    LoadGate.setMaxLoad(savedLoad);
  }

  @Test
  void tiledProductsMatchTheReferenceAndAreBitIdenticalAtAnyThreadCount() {
    qt().withExamples(80).withFixedSeed(23L).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      DataType t = r.nextBoolean() ? DataType.FLOAT : DataType.DOUBLE;
      int batch = 1 + r.nextInt(3);
      int m = 1 + r.nextInt(90);
      int n = 1 + r.nextInt(90);
      int k = 1 + r.nextInt(70);
      boolean ta = r.nextBoolean();
      boolean tb = r.nextBoolean();
      boolean sharedB = r.nextBoolean();
      int rows = 1 + r.nextInt(m + 8); // larger than m: one row of tiles
      int cols = 1 + r.nextInt(n + 8);
      INDArray a = random(r, t, batch, ta ? k : m, ta ? m : k);
      INDArray b = random(r, t, sharedB ? 1 : batch, tb ? n : k, tb ? k : n);
      INDArray bias = r.nextBoolean() ? random(r, t, 1, 1, n).reshape(n).muli(5) : null;
      BiasRows rowsOfBias = bias == null ? null : new BiasRows(bias, n);
      String what = "seed " + seed + " " + t + " batch " + batch + " m " + m + " n " + n + " k " + k + " ta " + ta
          + " tb " + tb + " shared " + sharedB + " tiles " + rows + "x" + cols + " bias " + (bias != null);
      GemmTiles tiles = new GemmTiles(batch, m, n, k, rows, cols);
      double[] first = null;
      for (int threads : new int[] {1, 2, 3}) {
        Parallel.setThreads(threads);
        INDArray c = Nd4j.create(t, batch, m, n).assign(Double.NaN); // every element must be written
        tiles.run(a, ta, b, tb, c, sharedB, rowsOfBias);
        double[] got = c.data().asDouble();
        if (first == null) {
          first = got;
        }
        assertArrayEquals(first, got, 0.0, what + ": " + threads + " threads differ from 1");
      }
      INDArray whole = Nd4j.create(t, batch, m, n);
      new GemmTiles(batch, m, n, k, m, n).run(a, ta, b, tb, whole, sharedB, rowsOfBias);
      double tol = t == DataType.FLOAT ? 1e-5 : 1e-12;
      double[] ref = reference(a, ta, b, tb, batch, m, n, k, sharedB);
      double[] scale = reference(abs(a), ta, abs(b), tb, batch, m, n, k, sharedB);
      if (bias != null) {
        double[] bv = bias.castTo(DataType.DOUBLE).data().asDouble();
        for (int i = 0; i < ref.length; i++) {
          ref[i] += bv[i % n];
          scale[i] += Math.abs(bv[i % n]);
        }
      }
      double[] untiled = whole.data().asDouble();
      for (int i = 0; i < ref.length; i++) {
        double bound = tol * scale[i] + 1e-30;
        assertTrue(Math.abs(first[i] - ref[i]) <= bound, what + ": element " + i + " " + first[i] + " vs " + ref[i]);
        assertTrue(Math.abs(first[i] - untiled[i]) <= 2 * bound, what + ": element " + i + " against untiled");
      }
    });
  }

  @Test
  void gemmTilesProductsFromTheThresholdUpAtAnyThreadCount() {
    int m = 300;
    int n = 600; // 2 column tiles of 304 (a transposed or not), the last partial
    int k = 60; // 10.8M multiply-adds: above the 2^21 threshold
    assertEquals(2, GemmTiles.plan(1, m, n, k).count(), "two column blocks (three would idle a core)");
    for (int most : new int[] {2, 4}) { // two-core machines (at most two tiles) and larger ones (four)
      String on = " (at most " + most + " tiles)";
      assertEquals(2, GemmTiles.plan(1, 512, 768, 50257, most).count(), "768 columns: two of 384, never three" + on);
      assertEquals(2, GemmTiles.plan(1, 384, 128, 1 << 16, most).count(), "384 rows: two of 192, never three" + on);
      assertEquals(most, GemmTiles.plan(1, 2048, 256, 1024, most).count(), "row blocks" + on);
      assertEquals(2048 / most, GemmTiles.plan(1, 2048, 256, 1024, most).rows(), on);
      assertEquals(most, GemmTiles.plan(1, 256, 1024, 2048, most).count(), "column blocks" + on);
      assertEquals(1024 / most, GemmTiles.plan(1, 256, 1024, 2048, most).cols(), on);
      assertEquals(5, GemmTiles.plan(1, 8, 1100, 1024, most).count(), "skinny: column tiles of 256" + on);
      assertEquals(1, GemmTiles.plan(1, 64, 64, 64, most).count(), "a small product stays one call" + on);
      assertEquals(8, GemmTiles.plan(8, 64, 64, 64, most).count(), "a batch splits by entry" + on);
      assertEquals(192, GemmTiles.plan(1, 128, 384, 2048, most).cols(), // c_attn's weight gradient at d = 128
          "128 x 384: two column blocks of 192, each packing only its half of the larger operand" + on);
      assertEquals(128, GemmTiles.plan(1, 128, 384, 2048, most).rows(), on);
      assertEquals(64, GemmTiles.plan(1, 128, 128, 2048, most).rows(), "a square 128: two row blocks of 64" + on);
    }
    assertEquals(256, GemmTiles.plan(1, 512, 128, 2048, 2).rows(), "two cores: halves, not quarters of 128");
    assertEquals(128, GemmTiles.plan(1, 512, 128, 2048, 4).rows(), "four tiles of at least 128 rows");
    assertEquals(GemmTiles.MAX_TILES, Runtime.getRuntime().availableProcessors() >= 4 ? 4 : 2);
    SplittableRandom r = new SplittableRandom(7);
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          INDArray a = random(r, t, 1, ta ? k : m, ta ? m : k).reshape(ta ? k : m, ta ? m : k);
          INDArray b = random(r, t, 1, tb ? n : k, tb ? k : n).reshape(tb ? n : k, tb ? k : n);
          double[] ref = reference(a, ta, b, tb, 1, m, n, k, true);
          double[] scale = reference(abs(a), ta, abs(b), tb, 1, m, n, k, true);
          double tol = t == DataType.FLOAT ? 1e-5 : 1e-12;
          double[] first = null;
          for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            double[] got = Gemm.mm(a, ta, b, tb).data().asDouble();
            if (first == null) {
              first = got;
            }
            String what = t + " ta " + ta + " tb " + tb + " threads " + threads;
            assertArrayEquals(first, got, 0.0, what);
            for (int i = 0; i < ref.length; i++) {
              assertTrue(Math.abs(got[i] - ref[i]) <= tol * scale[i] + 1e-30, what + ": element " + i);
            }
          }
        }
      }
    }
  }

  private static INDArray random(SplittableRandom r, DataType t, int batch, int rows, int cols) {
    double[] v = r.doubles((long) batch * rows * cols, -1, 1).toArray();
    return Nd4j.create(v, new long[] {batch, rows, cols}, 'c').castTo(t);
  }

  private static INDArray abs(INDArray x) {
    return org.nd4j.linalg.ops.transforms.Transforms.abs(x, true);
  }

  /** op(a) op(b) per batch entry in double precision, straight from the definition. */
  private static double[] reference(INDArray a, boolean ta, INDArray b, boolean tb, int batch, int m, int n, int k,
      boolean sharedB) {
    double[] x = a.castTo(DataType.DOUBLE).data().asDouble();
    double[] y = b.castTo(DataType.DOUBLE).data().asDouble();
    double[] c = new double[batch * m * n];
    for (int e = 0; e < batch; e++) {
      int oa = e * m * k;
      int ob = sharedB ? 0 : e * k * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int l = 0; l < k; l++) {
            double av = ta ? x[oa + l * m + i] : x[oa + i * k + l];
            double bv = tb ? y[ob + j * k + l] : y[ob + l * n + j];
            s += av * bv;
          }
          c[e * m * n + i * n + j] = s;
        }
      }
    }
    return c;
  }
}
