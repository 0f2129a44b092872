package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.grpo4j.autograd.ops.Attention;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one training attention op against independent references: a per-element loop of the textbook formula, its
 * forms (packed projection, permuted views, grouped-query heads) against each other, and the fast kernels against
 * the ND4J-only path, in float32 at the sizes training runs.
 */
class AttentionTest {
  @Test
  void matchesTheTextbookFormulaWithGroupedHeadsBiasAndCausalMask() {
    SplittableRandom r = new SplittableRandom(3);
    INDArray[] in = inputs(r, 2, 4, 2, 3, 5, 4);
    INDArray y = F.attention(Tensor.of(in[0]), Tensor.of(in[1]), Tensor.of(in[2]), Tensor.of(in[3]), true).data();
    assertTextbook(in, y);
  }

  /**
   * 70 queries after 3 earlier keys: the causal GEMMs run as two query blocks (64 and 6 rows) over the keys each
   * sees, and the key-side gradients as key blocks from the first query that sees them (grouped heads accumulating).
   * Output against the textbook formula, gradients of all four inputs against finite differences (float64).
   */
  @Test
  void causalQueryBlocksMatchTheTextbookFormulaAndFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(11);
    INDArray[] in = inputs(r, 1, 2, 1, 70, 73, 3);
    INDArray y = F.attention(Tensor.of(in[0]), Tensor.of(in[1]), Tensor.of(in[2]), Tensor.of(in[3]), true).data();
    assertTextbook(in, y);
    GradCheck.Result g = GradCheck.check(t -> F.attention(t[0], t[1], t[2], t[3], true), in,
        new boolean[] {true, true, true, true}, new GradCheck.Options(1e-6, 1e-7, 1e-5, 512, 8, 11));
    assertTrue(g.passed(), g.worst() + " (worst error " + g.worstError() + ")");
    assertTrue(g.comparisons() > 2 * 70 * 3 + 2 * 73 * 3, "elementwise checks of q, k and v: " + g.comparisons());
  }

  /** q (B, nh, Tq, hs), k and v (B, nkv, Tk, hs), bias (B, Tq, Tk), float64 normals. */
  private static INDArray[] inputs(SplittableRandom r, int b, int nh, int nkv, int tq, int tk, int hs) {
    return new INDArray[] {GradCheck.random(r, b, nh, tq, hs), GradCheck.random(r, b, nkv, tk, hs),
        GradCheck.random(r, b, nkv, tk, hs), GradCheck.random(r, b, tq, tk)};
  }

  /** y (B, Tq, nh * hs) of causal attention over in = {q, k, v, bias} against a per-element loop of the formula. */
  private static void assertTextbook(INDArray[] in, INDArray y) {
    INDArray q = in[0];
    INDArray k = in[1];
    INDArray v = in[2];
    INDArray bias = in[3];
    int b = (int) q.size(0);
    int nh = (int) q.size(1);
    int nkv = (int) k.size(1);
    int tq = (int) q.size(2);
    int tk = (int) k.size(2);
    int hs = (int) q.size(3);
    for (int i = 0; i < b; i++) {
      for (int h = 0; h < nh; h++) {
        int g = h / (nh / nkv);
        for (int s = 0; s < tq; s++) {
          double[] w = new double[tk];
          double z = 0;
          for (int j = 0; j <= s + tk - tq; j++) { // query s sees keys up to its own position s + tk - tq
            double dot = 0;
            for (int d = 0; d < hs; d++) {
              dot += q.getDouble(i, h, s, d) * k.getDouble(i, g, j, d);
            }
            w[j] = Math.exp(dot / Math.sqrt(hs) + bias.getDouble(i, s, j));
            z += w[j];
          }
          for (int d = 0; d < hs; d++) {
            double expected = 0;
            for (int j = 0; j < tk; j++) {
              expected += w[j] / z * v.getDouble(i, g, j, d);
            }
            assertEquals(expected, y.getDouble(i, s, h * hs + d), 1e-12, "y[" + i + ", " + s + ", " + h + " * hs + "
                + d + "]");
          }
        }
      }
    }
  }

  @Test
  void packedPermutedAndGroupedFormsAgreeWithDenseRepeatedHeads() {
    SplittableRandom r = new SplittableRandom(5);
    int b = 2;
    int t = 96;
    int nh = 4;
    int nkv = 2;
    int hs = 16;
    INDArray qkv = GradCheck.random(r, b, t, (nh + 2L * nkv) * hs).castTo(DataType.FLOAT); // (B, T, (nh + 2nkv) hs)
    INDArray up = GradCheck.random(r, b, t, (long) nh * hs).castTo(DataType.FLOAT); // (B, T, nh * hs)
    // packed: one input, one packed gradient
    Tensor packed = Tensor.param(qkv.dup());
    Tensor yPacked = F.attention(packed, nh, nkv, true);
    yPacked.mul(Tensor.of(up)).sum().backward();
    // separate permuted views of the same projection, (B, T, heads, hs) -> (B, heads, T, hs)
    Tensor x = Tensor.param(qkv.dup());
    Tensor x4 = x.reshape(b, t, nh + 2L * nkv, hs);
    Tensor q = x4.narrow(2, 0, nh).permute(0, 2, 1, 3);
    Tensor k = x4.narrow(2, nh, nkv).permute(0, 2, 1, 3);
    Tensor v = x4.narrow(2, nh + nkv, nkv).permute(0, 2, 1, 3);
    Tensor yViews = F.attention(q, k, v, true);
    yViews.mul(Tensor.of(up)).sum().backward();
    // dense copies with every key/value head repeated for its group: plain multi-head attention
    Tensor xr = Tensor.param(qkv.dup());
    Tensor xr4 = xr.reshape(b, t, nh + 2L * nkv, hs);
    Tensor qr = xr4.narrow(2, 0, nh).permute(0, 2, 1, 3);
    Tensor kr = repeat(xr4.narrow(2, nh, nkv).permute(0, 2, 1, 3), nh / nkv);
    Tensor vr = repeat(xr4.narrow(2, nh + nkv, nkv).permute(0, 2, 1, 3), nh / nkv);
    Tensor yRepeated = F.attention(qr, kr, vr, true);
    yRepeated.mul(Tensor.of(up)).sum().backward();

    assertClose(yRepeated.data(), yPacked.data(), 1e-6, "packed output");
    assertClose(yRepeated.data(), yViews.data(), 1e-6, "output from views");
    assertClose(xr.grad(), packed.grad(), 1e-5, "packed gradient");
    assertClose(xr.grad(), x.grad(), 1e-5, "gradient through views");
  }

  @Test
  void fastKernelsMatchTheNd4jOnlyPathInFloat32() {
    SplittableRandom r = new SplittableRandom(9);
    int b = 3;
    int nh = 6;
    int nkv = 2;
    int t = 150; // causal query blocks of 64, 64 and 22 rows
    int hs = 8;
    INDArray[] in = {GradCheck.random(r, b, nh, t, hs), GradCheck.random(r, b, nkv, t, hs),
        GradCheck.random(r, b, nkv, t, hs), GradCheck.random(r, b, t, t)};
    INDArray up = GradCheck.random(r, b, t, (long) nh * hs).castTo(DataType.FLOAT);
    Tensor[] fast = run(in, up);
    Tensor[] nd4j;
    try (KernelMode.Scope mode = KernelMode.use(KernelMode.ND4J)) {
      nd4j = run(in, up);
    }
    assertClose(nd4j[4].data(), fast[4].data(), 1e-5, "output");
    for (int i = 0; i < 4; i++) {
      assertClose(nd4j[i].grad(), fast[i].grad(), 1e-4, "gradient of input " + i);
    }
  }

  /**
   * Without a bias the float32 kernels take oneDNN's softmax where it loads (the causal mask copied in before the
   * scores, masked gradients zeroed): output and the three gradients against the ND4J-only path, causal (query
   * blocks of 64, 64 and 22 rows) and not.
   */
  @Test
  void fastKernelsWithoutBiasMatchTheNd4jOnlyPathInFloat32() {
    for (boolean causal : new boolean[] {true, false}) {
      SplittableRandom r = new SplittableRandom(causal ? 12 : 13);
      int b = 2;
      int nh = 4;
      int nkv = 2;
      int t = 150;
      int hs = 8;
      INDArray[] in = {GradCheck.random(r, b, nh, t, hs).muli(2), GradCheck.random(r, b, nkv, t, hs),
          GradCheck.random(r, b, nkv, t, hs)};
      INDArray up = GradCheck.random(r, b, t, (long) nh * hs).castTo(DataType.FLOAT);
      Tensor[] fast = run(in, up, causal);
      Tensor[] nd4j;
      try (KernelMode.Scope mode = KernelMode.use(KernelMode.ND4J)) {
        nd4j = run(in, up, causal);
      }
      String what = causal ? "causal " : "unmasked ";
      assertClose(nd4j[3].data(), fast[3].data(), 1e-5, what + "output");
      for (int i = 0; i < 3; i++) {
        assertClose(nd4j[i].grad(), fast[i].grad(), 1e-4, what + "gradient of input " + i);
      }
    }
  }

  /**
   * In a recycling scope the score and gradient blocks may be reused buffers holding anything: NaN-filled buffers
   * of their shape wait in the pool, and the causal kernels (whose GEMMs skip the masked blocks) must still give the
   * ND4J-only path's output and gradients.
   */
  @Test
  void staleBuffersFromThePoolDoNotReachTheMaskedBlocks() {
    SplittableRandom r = new SplittableRandom(14);
    int b = 2;
    int nh = 2;
    int t = 150;
    int hs = 8;
    INDArray[] in = {GradCheck.random(r, b, nh, t, hs), GradCheck.random(r, b, nh, t, hs),
        GradCheck.random(r, b, nh, t, hs)};
    INDArray up = GradCheck.random(r, b, t, (long) nh * hs).castTo(DataType.FLOAT);
    Tensor[] nd4j;
    try (KernelMode.Scope mode = KernelMode.use(KernelMode.ND4J)) {
      nd4j = run(in, up, true);
    }
    try (MemoryScope poison = MemoryScope.recycling()) {
      for (int i = 0; i < 4; i++) {
        Nd.empty(DataType.FLOAT, b, nh, t, t).assign(Double.NaN);
      }
    }
    try (MemoryScope step = MemoryScope.recycling()) {
      Tensor[] fast = run(in, up, true);
      assertClose(nd4j[3].data(), fast[3].data(), 1e-5, "output");
      for (int i = 0; i < 3; i++) {
        assertClose(nd4j[i].grad(), fast[i].grad(), 1e-4, "gradient of input " + i);
      }
    }
  }

  /** Gradients of sum(attention(q, k, v) * up) in float32: the three inputs, then the output. */
  private static Tensor[] run(INDArray[] in, INDArray up, boolean causal) {
    Tensor[] t = new Tensor[4];
    for (int i = 0; i < 3; i++) {
      t[i] = Tensor.param(in[i].castTo(DataType.FLOAT));
    }
    t[3] = F.attention(t[0], t[1], t[2], causal);
    t[3].mul(Tensor.of(up)).sum().backward();
    return t;
  }

  @Test
  void badShapesAreNamed() {
    Tensor q = Tensor.of(Nd4j.zeros(DataType.FLOAT, 1, 3, 4, 2));
    Tensor k = Tensor.of(Nd4j.zeros(DataType.FLOAT, 1, 2, 4, 2));
    ShapeException e = assertThrows(ShapeException.class, () -> F.attention(q, k, k, true));
    assertTrue(e.getMessage().contains("(1, 2, 4, 2)") && e.getMessage().contains("nkv dividing nh"),
        e.getMessage());
    Tensor bias = Tensor.of(Nd4j.zeros(DataType.FLOAT, 1, 4, 3));
    ShapeException eb = assertThrows(ShapeException.class, () -> F.attention(q, q, q, bias, true));
    assertTrue(eb.getMessage().contains("bias (1, 4, 3)") && eb.getMessage().contains("(1, 4, 4)"), eb.getMessage());
    Tensor qkv = Tensor.of(Nd4j.zeros(DataType.FLOAT, 1, 4, 10));
    ShapeException ep = assertThrows(ShapeException.class, () -> F.attention(qkv, 2, 1, true));
    assertTrue(ep.getMessage().contains("(1, 4, 10)"), ep.getMessage());
    assertThrows(IllegalArgumentException.class, () -> F.attention(qkv, 3, 2, true));
  }

  /** Gradients of sum(attention(q, k, v, bias) * up) in float32: the four inputs, then the output. */
  private static Tensor[] run(INDArray[] in, INDArray up) {
    Tensor[] t = new Tensor[5];
    for (int i = 0; i < 4; i++) {
      t[i] = Tensor.param(in[i].castTo(DataType.FLOAT));
    }
    t[4] = F.attention(t[0], t[1], t[2], t[3], true);
    t[4].mul(Tensor.of(up)).sum().backward();
    return t;
  }

  /** Heads x (B, nkv, T, hs) each repeated {@code group} times in a row: (B, nkv * group, T, hs). */
  private static Tensor repeat(Tensor x, int group) {
    long[] s = x.shape();
    return x.reshape(s[0], s[1], 1, s[2], s[3]).expand(s[0], s[1], group, s[2], s[3])
        .reshape(s[0], s[1] * group, s[2], s[3]);
  }

  private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), what + " at flat index " + i);
    }
  }
}
