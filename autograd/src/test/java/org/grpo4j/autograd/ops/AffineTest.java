package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.grpo4j.autograd.KernelMode;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.ShapeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Gemm#affine}, whose bias is written into the output before the product is added to it: equal to x W + b
 * computed here in double precision, for one-call, row-tiled and skinny column-tiled shapes, float32 and float64,
 * a bias that is a view; bit-identical at 1 and 2 threads; and within rounding of ND4J's product plus row add.
 */
class AffineTest {
  private final int saved = Parallel.threads();
  private final double savedLoad = LoadGate.setMaxLoad(Double.POSITIVE_INFINITY);

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
    LoadGate.setMaxLoad(savedLoad);
  }

  @Test
  void affineEqualsTheProductPlusBiasAtEveryTiling() {
    int[][] shapes = {{5, 7, 3}, {300, 64, 200}, {8, 300, 1100}, {1, 4, 9}};
    SplittableRandom r = new SplittableRandom(11);
    for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      for (int[] s : shapes) {
        int m = s[0];
        int k = s[1];
        int n = s[2];
        INDArray x = random(r, t, m, k);
        INDArray w = random(r, t, k, n);
        INDArray b = random(r, t, 2, n).getRow(1); // a view: the second row of a (2, n) array
        double[] xv = x.castTo(DataType.DOUBLE).data().asDouble();
        double[] wv = w.castTo(DataType.DOUBLE).data().asDouble();
        double[] bv = b.castTo(DataType.DOUBLE).dup().data().asDouble();
        double tol = t == DataType.FLOAT ? 2e-6 : 1e-13;
        double[] first = null;
        for (int threads : new int[] {1, 2}) {
          Parallel.setThreads(threads);
          double[] got = Gemm.affine(x, w, b).data().asDouble();
          if (first == null) {
            first = got;
          }
          String what = t + " " + m + "x" + k + "x" + n + " threads " + threads;
          assertArrayEquals(first, got, 0.0, what + ": differs from 1 thread");
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double ref = bv[j];
              double scale = Math.abs(bv[j]);
              for (int l = 0; l < k; l++) {
                ref += xv[i * k + l] * wv[l * n + j];
                scale += Math.abs(xv[i * k + l] * wv[l * n + j]);
              }
              double e = got[i * n + j];
              assertTrue(Math.abs(e - ref) <= tol * scale, what + ": (" + i + ", " + j + ") " + e + " vs " + ref);
            }
          }
        }
        INDArray nd4j;
        try (KernelMode.Scope mode = KernelMode.use(KernelMode.ND4J)) {
          nd4j = Gemm.affine(x, w, b);
        }
        double[] other = nd4j.data().asDouble();
        for (int i = 0; i < other.length; i++) {
          assertTrue(Math.abs(other[i] - first[i]) <= tol * (Math.abs(first[i]) + k),
              t + " " + m + "x" + k + "x" + n + ": ND4J path differs at " + i);
        }
      }
    }
  }

  @Test
  void mismatchedOperandsAreNamed() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3);
    INDArray w = Nd4j.rand(DataType.FLOAT, 3, 5);
    ShapeException e = assertThrows(ShapeException.class, () -> Gemm.affine(x, w, Nd4j.rand(DataType.FLOAT, 4)));
    assertTrue(e.getMessage().contains("b (4,)") && e.getMessage().contains("(out,)"), e.getMessage());
    e = assertThrows(ShapeException.class, () -> Gemm.affine(x, Nd4j.rand(DataType.FLOAT, 4, 5),
        Nd4j.rand(DataType.FLOAT, 5)));
    assertTrue(e.getMessage().contains("w (4, 5)"), e.getMessage());
    e = assertThrows(ShapeException.class, () -> Gemm.affine(x, w, Nd4j.rand(DataType.DOUBLE, 5)));
    assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
  }

  private static INDArray random(SplittableRandom r, DataType t, int rows, int cols) {
    return Nd4j.create(r.doubles((long) rows * cols, -1, 1).toArray(), new long[] {rows, cols}, 'c').castTo(t);
  }
}
