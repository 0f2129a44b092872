package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link LayerNorm}'s float32 paths against layer norm and its gradients computed here in double precision, over
 * random shapes (one piece to many, rows with different means and scales): oneDNN's kernels as the op runs them
 * ({@link DnnlLayerNorm}, bit-identical at 1 and 2 threads) and the Java kernels they stand in front of
 * ({@link LayerNormKernels}), which run where oneDNN does not load.
 */
class DnnlLayerNormTest {
  private final int saved = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
  }

  @Test
  void oneDnnForwardAndGradientsEqualTheDoubleReferenceAtAnyThreadCount() {
    assumeTrue(Dnnl.KERNELS, "oneDNN is not loadable here: layer norm runs its Java kernels");
    qt().withExamples(System.getenv("CI") != null ? 20 : 40).withFixedSeed(20261202L).forAll(longs().all())
        .checkAssert(seed -> {
          Case c = Case.random(new SplittableRandom(seed));
          String what = "seed " + seed + ": " + c.rows + "x" + c.cols;
          assertTrue(DnnlLayerNorm.usable(c.rows, c.cols, EPS), what + ": oneDNN's kernel is its reference loops");
          float[][] first = null;
          for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            float[][] got = c.throughTheOp();
            c.assertMatchesReference(got, what + ", " + threads + " threads");
            if (first == null) {
              first = got;
            } else {
              for (int i = 0; i < got.length; i++) {
                assertArrayEquals(first[i], got[i], what + ": output " + i + " differs between 1 and 2 threads");
              }
            }
          }
        });
  }

  @Test
  void javaKernelsEqualTheDoubleReference() {
    qt().withExamples(20).withFixedSeed(7L).forAll(longs().all()).checkAssert(seed -> {
      Case c = Case.random(new SplittableRandom(seed));
      c.assertMatchesReference(c.throughJavaKernels(), "seed " + seed + ": " + c.rows + "x" + c.cols + ", Java");
    });
  }

  private static final double EPS = 1e-5;

  /** Random x (rows, cols), gamma, beta and upstream gradient g, with the reference computed in double. */
  private record Case(int rows, int cols, float[] x, float[] gamma, float[] beta, float[] g) {
    static Case random(SplittableRandom r) {
      int rows = r.nextInt(4) == 0 ? 1 + r.nextInt(8) : 1 + r.nextInt(1500);
      int cols = r.nextInt(4) == 0 ? 1 + r.nextInt(16) : 1 + r.nextInt(600);
      float[] x = new float[rows * cols];
      for (int i = 0; i < rows; i++) {
        double mean = 4 * r.nextGaussian();
        double scale = Math.exp(r.nextGaussian());
        for (int j = 0; j < cols; j++) {
          x[i * cols + j] = (float) (mean + scale * r.nextGaussian());
        }
      }
      return new Case(rows, cols, x, gaussian(r, cols), gaussian(r, cols), gaussian(r, rows * cols));
    }

    /** y, dx, dgamma, dbeta through {@link LayerNorm}'s forward and backward (oneDNN where it loads). */
    float[][] throughTheOp() {
      LayerNorm op = new LayerNorm(EPS);
      Context ctx = Context.forTesting(3);
      INDArray y = op.forward(ctx, array(x, rows, cols), array(gamma, cols), array(beta, cols));
      INDArray[] grads = op.backward(ctx, array(g, rows, cols));
      return new float[][] {floats(y), floats(grads[0]), floats(grads[1]), floats(grads[2])};
    }

    /** The same through {@link LayerNormKernels} on Java arrays. */
    float[][] throughJavaKernels() {
      float[] y = new float[rows * cols];
      float[] mean = new float[rows];
      float[] rstd = new float[rows];
      LayerNormKernels.layerNorm(x, gamma, beta, y, mean, rstd, 0, rows, cols, (float) EPS, new float[cols]);
      float[] dx = g.clone();
      float[] dgamma = new float[cols];
      float[] dbeta = new float[cols];
      LayerNormKernels.layerNormBackward(x, dx, gamma, mean, rstd, 0, dgamma, dbeta, rows, cols, new float[cols],
          new float[cols]);
      return new float[][] {y, dx, dgamma, dbeta};
    }

    /**
     * Each output within float32 rounding of the double reference, scaled by the size of its terms: y and dx per
     * element (relative 2e-5 of |gamma| and of the row's gradient terms), dgamma and dbeta as sums over the rows.
     */
    void assertMatchesReference(float[][] got, String what) {
      double[] y = new double[rows * cols];
      double[] dx = new double[rows * cols];
      double[] dgamma = new double[cols];
      double[] dbeta = new double[cols];
      double[] dgammaMag = new double[cols];
      double[] dbetaMag = new double[cols];
      for (int i = 0; i < rows; i++) {
        int o = i * cols;
        double mean = 0;
        for (int j = 0; j < cols; j++) {
          mean += x[o + j];
        }
        mean /= cols;
        double var = 0;
        for (int j = 0; j < cols; j++) {
          var += (x[o + j] - mean) * (x[o + j] - mean);
        }
        double rstd = 1 / Math.sqrt(var / cols + EPS);
        double shiftRow = 1 + 2 * (Math.abs(mean) + Math.sqrt(var / cols)) * rstd; // x - mean's rounding, this row
        double sumD = 0;
        double sumDx = 0;
        double mag = 0;
        for (int j = 0; j < cols; j++) {
          double xhat = (x[o + j] - mean) * rstd;
          y[o + j] = xhat * gamma[j] + beta[j];
          double d = g[o + j] * gamma[j];
          sumD += d;
          sumDx += d * xhat;
          mag += Math.abs(d) * (1 + Math.abs(xhat));
          dgamma[j] += g[o + j] * xhat;
          dbeta[j] += g[o + j];
          dgammaMag[j] += Math.abs(g[o + j]) * (Math.abs(xhat) + shiftRow);
          dbetaMag[j] += Math.abs(g[o + j]);
        }
        for (int j = 0; j < cols; j++) {
          double xhat = (x[o + j] - mean) * rstd;
          dx[o + j] = rstd * (g[o + j] * gamma[j] - sumD / cols - xhat * sumDx / cols);
          int row = i;
          int col = j;
          double shift = 1 + Math.abs(xhat) + (Math.abs(x[o + j]) + Math.abs(mean)) * rstd; // x - mean's rounding
          assertEquals(y[o + j], got[0][o + j], 2e-5 * (Math.abs(gamma[j]) * shift + Math.abs(beta[j])),
              () -> what + " at (" + row + ", " + col + "): y");
          assertEquals(dx[o + j], got[1][o + j], 2e-5 * rstd * (Math.abs(g[o + j] * gamma[j]) + mag / cols) * shift,
              () -> what + " at (" + row + ", " + col + "): dx");
        }
      }
      for (int j = 0; j < cols; j++) {
        assertEquals(dgamma[j], got[2][j], 2e-5 * dgammaMag[j] + 1e-6, what + ": dgamma " + j);
        assertEquals(dbeta[j], got[3][j], 2e-6 * dbetaMag[j] + 1e-6, what + ": dbeta " + j);
      }
    }
  }

  private static float[] gaussian(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  private static INDArray array(float[] a, long... shape) {
    return Nd4j.createFromArray(a).reshape(shape).castTo(DataType.FLOAT);
  }

  private static float[] floats(INDArray a) {
    return HostFloats.read(a.dup('c'), new float[(int) a.length()]);
  }
}
