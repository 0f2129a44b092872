package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.grpo4j.autograd.ops.Gemm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Skinny products (a decode step's few rows against a layer's weights), which run as column pieces of the weights on
 * the kernel pool: equal to a double-precision reference, with the weights plain and transposed (a tied head), and
 * bit-identical for 1, 2 and 3 threads.
 */
class SkinnyGemmTest {
  private final int saved = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
  }

  @Test
  void skinnyProductsEqualTheReferenceForAnyThreadCount() {
    SplittableRandom r = new SplittableRandom(4);
    int m = 5;
    int k = 1024;
    int n = 1100; // 4 full pieces of 256 columns and a partial one
    double[] a = r.doubles((long) m * k, -1, 1).toArray();
    double[] b = r.doubles((long) k * n, -1, 1).toArray();
    INDArray x = Nd4j.create(a, new long[] {m, k}, 'c').castTo(DataType.FLOAT);
    INDArray w = Nd4j.create(b, new long[] {k, n}, 'c').castTo(DataType.FLOAT); // (k, n)
    INDArray wt = w.transpose().dup('c'); // (n, k)
    double[] want = new double[m * n];
    double[] xf = x.castTo(DataType.DOUBLE).data().asDouble();
    double[] wf = w.castTo(DataType.DOUBLE).data().asDouble();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int l = 0; l < k; l++) {
          s += xf[i * k + l] * wf[l * n + j];
        }
        want[i * n + j] = s;
      }
    }
    float[] first = null;
    for (int threads : new int[] {1, 2, 3}) {
      Parallel.setThreads(threads);
      float[] plain = Gemm.mm(x, false, w, false).data().asFloat();
      float[] transposed = Gemm.mm(x, false, wt, true).data().asFloat();
      for (int i = 0; i < want.length; i++) {
        assertTrue(Math.abs(plain[i] - want[i]) < 1e-3, "plain, element " + i + ": " + plain[i] + " != " + want[i]);
        assertTrue(Math.abs(transposed[i] - want[i]) < 1e-3, "transposed, element " + i);
      }
      if (first == null) {
        first = plain;
      }
      assertArrayEquals(first, plain, threads + " threads");
    }
  }
}
