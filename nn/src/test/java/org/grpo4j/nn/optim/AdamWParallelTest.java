package org.grpo4j.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AdamW's float32 update on a parameter large enough to run in pieces on the kernel pool: bit-identical at 1, 2 and 3
 * threads (and twice at 2), and equal to PyTorch's update written out in doubles.
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
