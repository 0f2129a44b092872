package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The float32 kernels against double-precision references over their whole ranges, at real sizes. */
class FloatKernelsTest {

  @Test
  void tanhWithinOneMillionthRelativeEverywhere() {
    int n = 400_001;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -20f + 40f * i / (n - 1);
    }
    float[] y = x.clone();
    FloatKernels.tanh(y, n);
    for (int i = 0; i < n; i++) {
      double ref = Math.tanh(x[i]);
      assertTrue(Math.abs(y[i] - ref) <= 1e-6 * Math.abs(ref), "tanh(" + x[i] + ") = " + y[i]
          + ", expected " + ref);
    }
    float[] special = {0f, -0f, Float.MIN_VALUE, 1e-30f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    FloatKernels.tanh(special, special.length);
    assertEquals(0f, special[0]);
    assertEquals(1e-30f, special[3], 1e-36f);
    assertEquals(1f, special[4]);
    assertEquals(-1f, special[5]);
    assertTrue(Float.isNaN(special[6]));
  }

  @Test
  void expWithinOneMillionthRelativeFromMinus87To80() {
    int n = 300_001;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -87f + 167f * i / (n - 1);
    }
    float[] y = x.clone();
    FloatKernels.exp(y, 0, n);
    for (int i = 0; i < n; i++) {
      double ref = Math.exp(x[i]);
      assertTrue(Math.abs(y[i] - ref) <= 1e-6 * ref, "exp(" + x[i] + ") = " + y[i] + ", expected " + ref);
    }
    float[] tail = {-1000f, Float.NEGATIVE_INFINITY, Float.NaN};
    FloatKernels.exp(tail, 0, 3);
    assertTrue(tail[0] < 1e-37f && tail[1] < 1e-37f && tail[0] >= 0f, "exp of very negative arguments is ~0");
    assertTrue(Float.isNaN(tail[2]));
  }

  @Test
  void causalSoftmaxAndItsBackwardMatchADoubleReference() {
    SplittableRandom r = new SplittableRandom(7);
    for (int t : new int[] {1, 5, 37, 128}) {
      int blocks = 3;
      int n = blocks * t * t;
      float[] s = new float[n];
      float[] dp = new float[n];
      for (int i = 0; i < n; i++) {
        s[i] = (float) (r.nextGaussian() * 8); // wide logits: the max shift matters
        dp[i] = (float) r.nextGaussian();
      }
      float[] p = s.clone();
      SoftmaxKernels.causalSoftmax(p, blocks, t);
      float[] ds = dp.clone();
      SoftmaxKernels.causalSoftmaxBackward(p, ds, blocks, t);
      for (int b = 0; b < blocks; b++) {
        for (int i = 0; i < t; i++) {
          int o = b * t * t + i * t;
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j <= i; j++) {
            max = Math.max(max, s[o + j]);
          }
          double sum = 0;
          for (int j = 0; j <= i; j++) {
            sum += Math.exp(s[o + j] - max);
          }
          double dot = 0;
          for (int j = 0; j <= i; j++) {
            dot += dp[o + j] * Math.exp(s[o + j] - max) / sum;
          }
          for (int j = 0; j < t; j++) {
            double ref = j <= i ? Math.exp(s[o + j] - max) / sum : 0;
            double dref = j <= i ? ref * (dp[o + j] - dot) : 0;
            String at = "t=" + t + " block " + b + " row " + i + " col " + j;
            if (j > i) {
              assertEquals(0f, p[o + j], "masked probability at " + at);
              assertEquals(0f, ds[o + j], "masked gradient at " + at);
            } else {
              assertEquals(ref, p[o + j], 1e-6 + 1e-5 * ref, "probability at " + at);
              assertEquals(dref, ds[o + j], 1e-5, "gradient at " + at);
            }
          }
        }
      }
    }
  }

  @Test
  void scaledSoftmaxRowsWithAnyMaskOffsetMatchADoubleReference() {
    SplittableRandom r = new SplittableRandom(13);
    int[][] cases = {{5, 9, 4}, {7, 7, 7}, {1, 6, 5}, {6, 6, 0}, {3, 8, 100}};
    for (int[] c : cases) {
      int tq = c[0];
      int tk = c[1];
      int offset = c[2];
      int blocks = 2;
      float scale = 0.37f;
      int n = blocks * tq * tk;
      float[] s = new float[n];
      float[] dp = new float[n];
      for (int i = 0; i < n; i++) {
        s[i] = (float) (r.nextGaussian() * 5);
        dp[i] = (float) r.nextGaussian();
      }
      float[] p = s.clone();
      SoftmaxKernels.softmaxRows(p, blocks, tq, tk, offset, scale);
      float[] ds = dp.clone();
      SoftmaxKernels.softmaxRowsBackward(p, ds, blocks, tq, tk, offset, scale);
      for (int row = 0; row < blocks * tq; row++) {
        int o = row * tk;
        int visible = Math.min(tk, row % tq + 1 + offset);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < visible; j++) {
          max = Math.max(max, scale * (double) s[o + j]);
        }
        double sum = 0;
        for (int j = 0; j < visible; j++) {
          sum += Math.exp(scale * (double) s[o + j] - max);
        }
        double dot = 0;
        for (int j = 0; j < visible; j++) {
          dot += dp[o + j] * Math.exp(scale * (double) s[o + j] - max) / sum;
        }
        for (int j = 0; j < tk; j++) {
          String at = "case " + java.util.Arrays.toString(c) + " row " + row + " col " + j;
          double ref = j < visible ? Math.exp(scale * (double) s[o + j] - max) / sum : 0;
          double dref = j < visible ? scale * ref * (dp[o + j] - dot) : 0;
          assertEquals(ref, p[o + j], 1e-6 + 1e-5 * ref, "probability at " + at);
          assertEquals(dref, ds[o + j], 1e-5, "gradient at " + at);
        }
      }
    }
  }

  @Test
  void geluAndItsDerivativeMatchDoubleFormulaAndFiniteDifferences() {
    int n = 20_001;
    float[] h = new float[n];
    for (int i = 0; i < n; i++) {
      h[i] = -10f + 20f * i / (n - 1);
    }
    float[] a = new float[n];
    FloatKernels.gelu(h, a, n);
    float[] g = new float[n];
    java.util.Arrays.fill(g, 1f);
    FloatKernels.geluBackward(h, g, new float[n], n);
    for (int i = 0; i < n; i++) {
      double x = h[i];
      double eps = 1e-5;
      double fd = (gelu(x + eps) - gelu(x - eps)) / (2 * eps);
      assertEquals(gelu(x), a[i], 1e-6 + 1e-6 * Math.abs(x), "gelu(" + x + ")");
      // absolute: below x = -4.9, 1 + tanh(u) rounds to 0 in float32 where the true derivative is ~ -2e-6
      assertEquals(fd, g[i], 5e-6, "gelu'(" + x + ")");
    }
  }

  private static double gelu(double x) {
    return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
  }
}
