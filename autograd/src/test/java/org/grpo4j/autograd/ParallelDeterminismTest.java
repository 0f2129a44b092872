package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fixed kernel thread count gives bit-identical forward values and gradients run to run, and the Java kernels'
 * pieces (rows, (batch, head) blocks) make results independent of the thread count: sizes here run the parallel
 * paths of layer norm, the fused MLP, attention (packed, grouped-query: key/value gradients summed over each group
 * in a fixed order) and log-softmax+gather, with products below the size at which OpenBLAS itself gets more
 * threads (its splits may round differently by thread count). AdamW's pieces: nn's AdamWParallelTest.
 */
class ParallelDeterminismTest {
  private final int saved = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
  }

  @Test
  void fixedThreadCountIsBitIdenticalRunToRunAndAcrossCounts() {
    List<float[]> one = run(1);
    List<float[]> two = run(2);
    List<float[]> twoAgain = run(2);
    List<float[]> three = run(3);
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(two.get(i), twoAgain.get(i), "output " + i + " differs between two runs on 2 threads");
      assertArrayEquals(one.get(i), two.get(i), "output " + i + " differs between 1 and 2 threads");
      assertArrayEquals(one.get(i), three.get(i), "output " + i + " differs between 1 and 3 threads");
    }
  }

  /** Loss, then the gradient of every parameter, as float arrays. */
  private static List<float[]> run(int threads) {
    Parallel.setThreads(threads);
    int b = 2;
    int t = 128;
    int c = 64;
    int v = 256; // logits (B, T, V): log-softmax+gather runs in pieces forward and backward
    SplittableRandom r = new SplittableRandom(11);
    INDArray x = GradCheck.random(r, b, t, c).castTo(DataType.FLOAT);
    Tensor[] p = {
        param(r, c), param(r, c), param(r, c, 2 * c), param(r, 2 * c), param(r, c, 4 * c), param(r, 4 * c),
        param(r, 4 * c, c), param(r, c), param(r, c, v)};
    int[] targets = r.ints((long) b * t, 0, v).toArray();
    Tensor h = F.layerNorm(Tensor.of(x), p[0], p[1], 1e-5); // (B, T, C)
    Tensor a = F.attention(F.linear(h, p[2], p[3]), 4, 2, true).add(h); // 4 query, 2 key/value heads: (B, T, C)
    Tensor m = F.mlp(a, p[4], p[5], p[6], p[7]).add(a); // (B, T, C)
    Tensor loss = F.gatherLogProb(F.matmul(m, false, p[8], false), targets).sum(); // logits (B, T, V)
    loss.backward();
    List<float[]> out = new ArrayList<>();
    out.add(loss.data().dup().data().asFloat());
    for (Tensor q : p) {
      out.add(q.grad().dup().data().asFloat());
    }
    return out;
  }

  private static Tensor param(SplittableRandom r, long... shape) {
    return Tensor.param(GradCheck.random(r, shape).muli(0.3).castTo(DataType.FLOAT));
  }
}
