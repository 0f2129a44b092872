package org.grpo4j.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AdamW's float32 update on parameters large enough to run in pieces on the kernel pool (all parameters' pieces in
 * one job): bit-identical at 1, 2 and 3 threads (and twice at 2), and equal to PyTorch's update written out in doubles,
 * decay on matrices only, a parameter without a gradient left alone.
 */
class AdamWParallelTest {
  private static final int N = 8 * (36 * AdamW.PIECE + 129); // over the pool's threshold; a short last piece
  private final int saved = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
  }

  @Test
  void piecesGiveTheSameBitsAtAnyThreadCountAndMatchTheHandComputedUpdate() {
    float[] one = run(1);
    float[] two = run(2);
    float[] twoAgain = run(2);
    float[] three = run(3);
    assertArrayEquals(two, twoAgain, "two runs on 2 threads differ");
    assertArrayEquals(one, two, "1 and 2 threads differ");
    assertArrayEquals(one, three, "1 and 3 threads differ");
    double[] w = start()[0];
    double[] t = start()[1];
    double[] m = new double[N];
    double[] v = new double[N];
    for (int step = 1; step <= STEPS; step++) {
      OptimizerTest.adamwByHand(w, t, m, v, step, 0.01, 0.1);
    }
    for (int i = 0; i < N; i++) {
      assertEquals(w[i], one[i], 1e-5 * (1 + Math.abs(w[i])), "w[" + i + "]");
    }
  }

  private static final int STEPS = 4;

  @Test
  void parametersOfManySizesShareOneJobAndMatchTheHandComputedUpdate() {
    int[][] shapes = {{8, 3 * AdamW.PIECE / 8 + 5}, {7}, {8, AdamW.PIECE / 8}, {3, 11}, {8, 40 * AdamW.PIECE / 8}};
    float[][] one = runMany(shapes, 1);
    float[][] two = runMany(shapes, 2);
    float[][] three = runMany(shapes, 3);
    for (int p = 0; p < shapes.length; p++) {
      assertArrayEquals(one[p], two[p], "parameter " + p + ": 1 and 2 threads differ");
      assertArrayEquals(one[p], three[p], "parameter " + p + ": 1 and 3 threads differ");
      double[][] s = startMany(shapes, p);
      if (p == 3) { // no gradient: untouched
        for (int i = 0; i < s[0].length; i++) {
          assertEquals((float) s[0][i], one[p][i], "parameter 3 [" + i + "]");
        }
        continue;
      }
      double[] m = new double[s[0].length];
      double[] v = new double[s[0].length];
      for (int step = 1; step <= STEPS; step++) {
        OptimizerTest.adamwByHand(s[0], s[1], m, v, step, 0.01, shapes[p].length == 2 ? 0.1 : 0.0);
      }
      for (int i = 0; i < s[0].length; i++) {
        assertEquals(s[0][i], one[p][i], 1e-5 * (1 + Math.abs(s[0][i])), "parameter " + p + " [" + i + "]");
      }
    }
  }

  /** Every parameter after {@link #STEPS} steps on the sum of 0.5 |w - t|^2 over all but parameter 3. */
  private static float[][] runMany(int[][] shapes, int threads) {
    Parallel.setThreads(threads);
    ManyParams model = new ManyParams(shapes);
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(0.01), 0.1);
    for (int step = 1; step <= STEPS; step++) {
      opt.zeroGrad();
      model.backward();
      opt.step();
    }
    float[][] out = new float[shapes.length][];
    for (int p = 0; p < shapes.length; p++) {
      out[p] = model.params[p].data().dup().data().asFloat();
    }
    return out;
  }

  private static double[][] startMany(int[][] shapes, int p) {
    SplittableRandom r = new SplittableRandom(40 + p);
    int n = 1;
    for (int d : shapes[p]) {
      n *= d;
    }
    double[][] s = new double[2][n];
    for (int i = 0; i < n; i++) {
      s[0][i] = (float) r.nextGaussian();
      s[1][i] = (float) r.nextGaussian();
    }
    return s;
  }

  /** Float32 parameters of the given shapes pulled toward targets; parameter 3 is not in the loss. */
  private static final class ManyParams extends org.grpo4j.nn.Module {
    final org.grpo4j.nn.Parameter[] params;
    final org.nd4j.linalg.api.ndarray.INDArray[] targets;

    ManyParams(int[][] shapes) {
      params = new org.grpo4j.nn.Parameter[shapes.length];
      targets = new org.nd4j.linalg.api.ndarray.INDArray[shapes.length];
      for (int p = 0; p < shapes.length; p++) {
        double[][] s = startMany(shapes, p);
        long[] shape = java.util.Arrays.stream(shapes[p]).asLongStream().toArray();
        params[p] = registerParameter("p" + p, org.nd4j.linalg.factory.Nd4j.create(s[0], shape, 'c')
            .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        targets[p] = org.nd4j.linalg.factory.Nd4j.create(s[1], shape, 'c')
            .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
      }
    }

    void backward() {
      org.grpo4j.autograd.Tensor loss = null;
      for (int p = 0; p < params.length; p++) {
        if (p == 3) {
          continue;
        }
        org.grpo4j.autograd.Tensor d = params[p].tensor().sub(org.grpo4j.autograd.Tensor.of(targets[p]));
        org.grpo4j.autograd.Tensor l = d.mul(d).sum().mul(0.5);
        loss = loss == null ? l : loss.add(l);
      }
      loss.backward();
    }
  }

  /** The weights after {@link #STEPS} AdamW steps on 0.5 |w - t|^2 with {@code threads} kernel threads. */
  private static float[] run(int threads) {
    Parallel.setThreads(threads);
    double[][] s = start();
    OptimizerTest.FloatModel model = new OptimizerTest.FloatModel(s[0], s[1]);
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(0.01), 0.1);
    for (int step = 1; step <= STEPS; step++) {
      opt.zeroGrad();
      model.backward();
      opt.step();
    }
    return model.w.data().dup().data().asFloat();
  }

  /** Starting weights and targets, representable in float32. */
  private static double[][] start() {
    SplittableRandom r = new SplittableRandom(12);
    double[] w = new double[N];
    double[] t = new double[N];
    for (int i = 0; i < N; i++) {
      w[i] = (float) r.nextGaussian();
      t[i] = (float) r.nextGaussian();
    }
    return new double[][] {w, t};
  }
}
