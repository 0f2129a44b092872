package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DnnlAttention}: float32 attention on oneDNN's batched brgemm against the same attention in float64 (OpenBLAS
 * double GEMMs and ND4J's softmax, one thread), output and every input's gradient, over random shapes: packed
 * projections and separate q, k, v, grouped heads, causal (also with more keys than queries) and unmasked, pieces of
 * whole batch elements or of halved head blocks; bit-identical at 1 and 2 threads; recycled buffers full of NaN do not
 * reach the results.
 */
class DnnlAttentionTest {
  private final int saved = Parallel.threads();
  private final boolean wasEnabled = DnnlAttention.enabled;

  @BeforeEach
  void needsBrgemm() {
    DnnlAttention.enabled = true; // whichever OpenBLAS kernels this process runs
    assumeTrue(Dnnl.KERNELS && DnnlAttention.usable(new int[] {16, 8, 8, 128, 128, 32}, 0, 1 / Math.sqrt(32)),
        "no oneDNN brgemm here: attention stays on OpenBLAS");
  }

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
    DnnlAttention.enabled = wasEnabled;
  }

  @Test
  void outputsAndGradientsEqualFloat64AtAnyThreadCount() {
    qt().withExamples(System.getenv("CI") != null ? 12 : 30).withFixedSeed(20261202L).forAll(longs().all())
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          Case c = Case.draw(r);
          assertTrue(DnnlAttention.usable(c.dims(), c.visible(), c.scale()), c + ": brgemm path not taken");
          Result ref = c.run(DataType.DOUBLE);
          Result first = null;
          for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            Result got = c.run(DataType.FLOAT);
            ref.assertClose(got, c.toString());
            if (first == null) {
              first = got;
            } else {
              first.assertIdentical(got, c + " at 2 threads");
            }
          }
        });
  }

  /** The training step's shapes (GPT d256: 8 heads of 32, context 128, packed) through both float32 paths. */
  @Test
  void trainingShapeMatchesTheOpenBlasPathAndFloat64() {
    Case c = new Case(4, 8, 8, 128, 128, 32, true, true, 5);
    Result ref = c.run(DataType.DOUBLE);
    Result onednn = c.run(DataType.FLOAT);
    DnnlAttention.enabled = false;
    Result openblas = c.run(DataType.FLOAT);
    ref.assertClose(onednn, "oneDNN");
    ref.assertClose(openblas, "OpenBLAS");
  }

  /** p and dS are recycled buffers: every entry, masked ones included, must be written before it is read. */
  @Test
  void nanFilledRecycledBuffersDoNotReachTheResults() {
    Case c = new Case(2, 4, 2, 100, 100, 32, true, false, 7);
    Result ref = c.run(DataType.DOUBLE);
    try (MemoryScope poison = MemoryScope.recycling()) {
      for (int i = 0; i < 4; i++) {
        Nd.empty(DataType.FLOAT, 2, 4, 100, 100).assign(Double.NaN);
      }
    }
    try (MemoryScope step = MemoryScope.recycling()) {
      ref.assertClose(c.run(DataType.FLOAT), "after NaN-filled buffers");
    }
  }

  @Test
  void piecesHalveHeadBlocksForShortBatchesOnly() {
    assertEquals(8, DnnlAttention.pieceHeads(new int[] {16, 8, 8, 128, 128, 32}));
    assertEquals(2, DnnlAttention.pieceHeads(new int[] {2, 8, 8, 128, 128, 32}));
    assertEquals(3, DnnlAttention.pieceHeads(new int[] {1, 12, 12, 64, 64, 64}));
    assertEquals(1, DnnlAttention.pieceHeads(new int[] {1, 14, 2, 64, 64, 64}));
    assertEquals(3, DnnlAttention.pieceHeads(new int[] {1, 6, 3, 64, 64, 64}));
  }

  /** Output (B, Tq, nh hs) and the gradients of sum(y * up) for each input, in double. */
  record Result(double[] y, double[][] grads) {
    void assertClose(Result got, String what) {
      assertNear(y, got.y, what + ": output");
      for (int i = 0; i < grads.length; i++) {
        assertNear(grads[i], got.grads[i], what + ": gradient of input " + i);
      }
    }

    void assertIdentical(Result got, String what) {
      assertArrayEquals(y, got.y, what + ": output");
      for (int i = 0; i < grads.length; i++) {
        assertArrayEquals(grads[i], got.grads[i], what + ": gradient of input " + i);
      }
    }

    private static void assertNear(double[] e, double[] a, String what) {
      assertEquals(e.length, a.length, what + ": length");
      double scale = 0;
      for (double v : e) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < e.length; i++) {
        assertTrue(Math.abs(e[i] - a[i]) <= 1e-5 + 2e-4 * scale, what + " [" + i + "]: " + a[i] + " vs " + e[i]);
      }
    }
  }

  /**
   * One attention: b batch elements, nh query and nkv key/value heads, tq queries over tk keys of head size hs,
   * causal or not, one packed projection (tq == tk) or separate q, k, v; inputs drawn from seed.
   */
  record Case(int b, int nh, int nkv, int tq, int tk, int hs, boolean causal, boolean packed, long seed) {
    static Case draw(SplittableRandom r) {
      int nkv = 1 + r.nextInt(3);
      int nh = nkv * (1 + r.nextInt(3));
      int b = 1 + r.nextInt(3);
      int tq = 1 + r.nextInt(140);
      boolean packed = r.nextBoolean();
      int tk = packed ? tq : tq + (r.nextBoolean() ? 0 : r.nextInt(40));
      int hs = new int[] {8, 16, 32, 64}[r.nextInt(4)];
      return new Case(b, nh, nkv, tq, tk, hs, r.nextInt(4) != 0, packed, r.nextLong());
    }

    int[] dims() {
      return new int[] {b, nh, nkv, tq, tk, hs};
    }

    int visible() {
      return causal ? tk - tq : tk;
    }

    double scale() {
      return 1 / Math.sqrt(hs);
    }

    Result run(DataType dtype) {
      SplittableRandom r = new SplittableRandom(seed);
      Tensor[] in = packed ? new Tensor[] {param(r, dtype, b, tq, (long) (nh + 2 * nkv) * hs)}
          : new Tensor[] {param(r, dtype, b, nh, tq, hs), param(r, dtype, b, nkv, tk, hs),
              param(r, dtype, b, nkv, tk, hs)};
      INDArray up = random(r, b, tq, (long) nh * hs).castTo(dtype);
      try (MemoryScope scope = MemoryScope.recycling()) {
        Tensor y = packed ? F.attention(in[0], nh, nkv, causal) : F.attention(in[0], in[1], in[2], causal);
        y.mul(Tensor.of(up)).sum().backward();
        double[][] grads = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
          grads[i] = doubles(in[i].grad());
        }
        return new Result(doubles(y.data()), grads);
      }
    }
  }

  private static Tensor param(SplittableRandom r, DataType dtype, long... shape) {
    return Tensor.param(random(r, shape).castTo(dtype));
  }

  private static INDArray random(SplittableRandom r, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * r.nextDouble() - 1;
    }
    return Nd4j.createFromArray(v).reshape(shape);
  }

  private static double[] doubles(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }
}
