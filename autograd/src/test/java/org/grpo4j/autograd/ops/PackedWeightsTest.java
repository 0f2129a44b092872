package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.grpo4j.autograd.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link PackedWeights}: products by packed weights equal x op(W) + b computed here in double precision, over random
 * shapes of one to several column tiles, plain and transposed weights, with and without bias; bit-identical at 1
 * and 2 threads; a later scope repacking changed weights into the memory an earlier one left, which never exceeds
 * the most in use at once; used only inside the scope, for registered float32 weights and decode-sized row counts;
 * nested scopes and closing.
 */
class PackedWeightsTest {
  private final int saved = Parallel.threads();

  @BeforeEach
  void needsPacking() {
    assumeTrue(PackedWeights.available(), "oneDNN is not loadable here: products stay on OpenBLAS");
  }

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
  }

  @Test
  void packedProductsEqualTheProductInDoubleAtAnyThreadCount() {
    qt().withExamples(System.getenv("CI") != null ? 25 : 50).withFixedSeed(20261202L).forAll(longs().all())
        .checkAssert(seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          boolean prefill = r.nextInt(5) == 0; // more rows than one block: pieces by rows too
          int m = prefill ? PackedGemm.ROW_BLOCK + 1 + r.nextInt(300) : 1 + r.nextInt(64);
          int k = 1 + r.nextInt(prefill ? 100 : 300);
          int n = r.nextInt(4) == 0 ? 1 + r.nextInt(40) : 200 + r.nextInt(prefill ? 300 : 900); // one tile, or several
          boolean tw = r.nextBoolean();
          boolean withBias = r.nextBoolean();
          INDArray x = random(r, m, k);
          INDArray w = tw ? random(r, n, k) : random(r, k, n);
          INDArray b = withBias ? random(r, 1, n).reshape(n) : null;
          double[] expected = reference(x, w, tw, b, m, k, n);
          double[] scale = reference(abs(x), abs(w), tw, b == null ? null : abs(b), m, k, n);
          String what = "seed " + seed + ": " + m + "x" + k + "x" + n + (tw ? " W^T" : "") + (withBias ? " +b" : "");
          double[] first = null;
          for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            try (PackedWeights scope = PackedWeights.open(List.of(w))) {
              double[] got = product(x, w, tw, b).data().asDouble();
              assertEquals(1, scope.packedCount(), what + ": the product did not use the packed weight");
              if (first == null) {
                first = got;
              }
              assertArrayEquals(first, got, 0.0, what + ": differs between 1 and 2 threads");
              for (int i = 0; i < m * n; i++) {
                assertTrue(Math.abs(got[i] - expected[i]) <= 2e-6 * scale[i] + 1e-30,
                    what + ": element " + i + " " + got[i] + " vs " + expected[i]);
              }
            }
          }
        });
  }

  @Test
  void onlyRegisteredWeightsInsideTheScopeArePacked() {
    SplittableRandom r = new SplittableRandom(5);
    INDArray w = random(r, 64, 300);
    INDArray other = random(r, 64, 300);
    INDArray x = random(r, 8, 64);
    Gemm.mm(x, false, w, false); // no scope: nothing to pack into
    try (PackedWeights scope = PackedWeights.open(List.of(w))) {
      Gemm.mm(x, false, other, false);
      assertEquals(0, scope.packedCount(), "a weight not registered was packed");
      Gemm.mm(x.transpose().dup(), true, w, false); // (x^T)^T W: a transposed left operand stays on OpenBLAS
      assertEquals(0, scope.packedCount());
      Gemm.mm(x, false, w, false);
      Gemm.mm(x, false, w, false);
      assertEquals(1, scope.packedCount(), "one weight, one transposition: one packed copy");
      INDArray wt = w.transpose().dup(); // (300, 64): w's values, used transposed
      try (PackedWeights inner = PackedWeights.open(List.of(wt))) {
        Gemm.mm(x, false, w, false); // registered only in the outer scope: not packed by the inner one
        assertEquals(0, inner.packedCount());
        assertArrayEquals(Gemm.mm(x, false, w, false).data().asFloat(), Gemm.mm(x, false, wt, true).data().asFloat(),
            2e-5f, "x W^T by the transposed copy differs from x W");
        assertEquals(1, inner.packedCount());
      }
      Gemm.mm(x, false, w, false); // the outer scope is current again
      assertEquals(1, scope.packedCount());
    }
  }

  @Test
  void aLaterScopeRepacksChangedWeightsIntoTheMemoryAnEarlierOneLeft() {
    PackedWeights.releaseKept();
    SplittableRandom r = new SplittableRandom(21);
    INDArray w = random(r, 700, 64); // used transposed, in two tiles
    INDArray x = random(r, 6, 64);
    try (PackedWeights scope = PackedWeights.open(List.of(w))) {
      assertArrayEquals(reference(x, w, true, null, 6, 64, 700), Gemm.mm(x, false, w, true).data().asDouble(), 1e-4);
      assertEquals(1, scope.packedCount());
    }
    long allocations = PackedBuffers.allocations();
    long kept = PackedBuffers.keptBytes();
    assertTrue(kept >= 4L * 700 * 64, "the closed scope's tiles were not kept: " + kept + " bytes");
    w.muli(-2); // the weights change between rollouts
    try (PackedWeights scope = PackedWeights.open(List.of(w))) {
      assertArrayEquals(reference(x, w, true, null, 6, 64, 700), Gemm.mm(x, false, w, true).data().asDouble(), 1e-4,
          "the second scope multiplied by the first scope's packed values");
      assertEquals(allocations, PackedBuffers.allocations(), "the second scope allocated instead of reusing");
      assertEquals(0, PackedBuffers.keptBytes(), "kept memory not handed out while the scope holds it");
    }
    assertEquals(kept, PackedBuffers.keptBytes());
    PackedWeights.releaseKept();
    assertEquals(0, PackedBuffers.keptBytes());
  }

  @Test
  void keptMemoryNeverExceedsTheMostInUseAtOnce() {
    PackedWeights.releaseKept();
    SplittableRandom r = new SplittableRandom(23);
    INDArray small = random(r, 96, 300);
    INDArray large = random(r, 160, 900);
    long smallBytes = keptAfter(small, r);
    long largeBytes = keptAfter(large, r);
    assertTrue(smallBytes > 0 && largeBytes > smallBytes, smallBytes + " and " + largeBytes + " bytes");
    keptAfter(small, r);
    assertEquals(largeBytes, keptAfter(large, r), "after a small scope then a large one: only the large one's kept");
    try (PackedWeights scope = PackedWeights.open(List.of(small, large))) { // both at once: the peak grows
      Gemm.mm(random(r, 2, 96), false, small, false);
      Gemm.mm(random(r, 2, 160), false, large, false);
    }
    assertEquals(smallBytes + largeBytes, PackedBuffers.keptBytes());
    PackedWeights.releaseKept();
    assertEquals(0, PackedBuffers.keptBytes());
  }

  /** Bytes kept after a scope that packs w alone (other kept blocks released first only by the caller). */
  private static long keptAfter(INDArray w, SplittableRandom r) {
    try (PackedWeights scope = PackedWeights.open(List.of(w))) {
      Gemm.mm(random(r, 3, (int) w.size(0)), false, w, false);
      assertEquals(1, scope.packedCount());
    }
    return PackedBuffers.keptBytes();
  }

  @Test
  void doubleWeightsAreIgnoredAndScopesCloseInnermostFirst() {
    SplittableRandom r = new SplittableRandom(9);
    INDArray wd = random(r, 16, 300).castTo(DataType.DOUBLE);
    try (PackedWeights scope = PackedWeights.open(List.of(wd))) {
      Gemm.mm(random(r, 4, 16).castTo(DataType.DOUBLE), false, wd, false);
      assertEquals(0, scope.packedCount(), "a float64 weight was packed");
    }
    PackedWeights outer = PackedWeights.open(List.of());
    PackedWeights inner = PackedWeights.open(List.of());
    IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
    assertTrue(e.getMessage().contains("out of order"), e.getMessage());
    inner.close();
    inner.close(); // twice: harmless
    outer.close();
  }

  @Test
  void aWeightChangedAfterTheScopeClosesIsReadAfresh() {
    SplittableRandom r = new SplittableRandom(13);
    INDArray w = random(r, 32, 300);
    INDArray x = random(r, 3, 32);
    try (PackedWeights scope = PackedWeights.open(List.of(w))) {
      Gemm.mm(x, false, w, false);
    }
    w.muli(2);
    assertArrayEquals(reference(x, w, false, null, 3, 32, 300), Gemm.mm(x, false, w, false).data().asDouble(), 1e-4);
  }

  private static INDArray product(INDArray x, INDArray w, boolean tw, INDArray b) {
    if (b == null) {
      return Gemm.mm(x, false, w, tw);
    }
    return tw ? FloatKernels.addRowVector(Gemm.mm(x, false, w, true), b) : Gemm.affine(x, w, b);
  }

  private static double[] reference(INDArray x, INDArray w, boolean tw, INDArray b, int m, int k, int n) {
    double[] xv = x.castTo(DataType.DOUBLE).data().asDouble();
    double[] wv = w.castTo(DataType.DOUBLE).data().asDouble();
    double[] out = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = b == null ? 0 : b.getDouble(j);
        for (int l = 0; l < k; l++) {
          s += xv[i * k + l] * (tw ? wv[j * k + l] : wv[l * n + j]);
        }
        out[i * n + j] = s;
      }
    }
    return out;
  }

  private static INDArray abs(INDArray a) {
    return org.nd4j.linalg.ops.transforms.Transforms.abs(a, true);
  }

  private static INDArray random(SplittableRandom r, int rows, int cols) {
    return Nd4j.create(r.doubles((long) rows * cols, -1, 1).toArray(), new long[] {rows, cols}, 'c')
        .castTo(DataType.FLOAT);
  }
}
