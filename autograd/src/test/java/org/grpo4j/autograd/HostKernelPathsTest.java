package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float32 host paths of layer norm (backward in row pieces with per-piece dgamma/dbeta), add, mul, full sum
 * (forward and its spread backward) and the embedding's scatter-add, at sizes that run them on the kernel pool:
 * against the float64 path (ND4J's kernels, the double scatter loop) and bit-identical at 1, 2 and 3 threads.
 */
class HostKernelPathsTest {
  private final int saved = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
  }

  /** One program: inputs of the given shapes (float64 draws cast to dtype), its outputs and input gradients. */
  private record Program(long[][] shapes, Function<Tensor[], Tensor> f) {
    List<INDArray> run(DataType dtype, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      Tensor[] in = new Tensor[shapes.length];
      for (int i = 0; i < in.length; i++) {
        in[i] = Tensor.param(GradCheck.random(r, shapes[i]).castTo(dtype));
      }
      Tensor y = f.apply(in);
      INDArray seedGrad = GradCheck.random(new SplittableRandom(seed + 1), y.shape());
      y.backward(seedGrad.castTo(dtype));
      List<INDArray> out = new ArrayList<>();
      out.add(y.data().dup());
      for (Tensor t : in) {
        out.add(t.grad().dup());
      }
      return out;
    }

    /** The inputs {@link #run} draws for this seed, in float64. */
    double[][] inputs(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      double[][] x = new double[shapes.length][];
      for (int i = 0; i < x.length; i++) {
        x[i] = Nd.toDoubles(GradCheck.random(r, shapes[i]));
      }
      return x;
    }
  }

  private static final int ROWS = 1031; // 4 x 1031 rows of 99: pieces of 165 rows, the last one short
  private static final int[] IDS = new SplittableRandom(5).ints(2500, 0, 300).toArray(); // repeats

  private static Program layerNorm() {
    return new Program(new long[][] {{4, ROWS, 99}, {99}, {99}},
        t -> F.layerNorm(t[0].mul(Tensor.of(GradCheck.random(new SplittableRandom(3), 4, ROWS, 99)
            .muli(2).addi(0.5).castTo(t[0].dtype()))), t[1], t[2], 1e-5)); // rows with different means and scales
  }

  private static Program elementwise() { // 2^17 + 3 elements: nine pieces, the last short
    return new Program(new long[][] {{7, 18725}, {7, 18725}, {7, 18725}},
        t -> t[0].add(t[1]).mul(t[2]).mul(t[0]));
  }

  private static Program fullSum() {
    return new Program(new long[][] {{7, 18725}, {7, 18725}}, t -> t[0].mul(t[1]).sum());
  }

  private static Program embedding() {
    return new Program(new long[][] {{300, 70}}, t -> F.embedding(t[0], IDS, 50, 50));
  }

  @Test
  void layerNormFloat32MatchesFloat64() {
    // forward and dx to float32 rounding; dgamma and dbeta sum 4,124 rows of O(1) terms: absolute 1e-3
    assertClose(layerNorm(), new double[] {2e-5, 2e-4, 1e-3, 1e-3}, 2e-4);
  }

  @Test
  void addMulFloat32MatchFloat64() {
    assertClose(elementwise(), new double[] {1e-5, 1e-5, 1e-5, 1e-5}, 1e-5);
  }

  @Test
  void fullSumAndItsSpreadMatchFloat64() {
    // 131,075 products of unit normals: the float32 sum within 2e-5 of the sum of their magnitudes (~83,000)
    List<INDArray> ref = fullSum().run(DataType.DOUBLE, 9);
    List<INDArray> f32 = fullSum().run(DataType.FLOAT, 9);
    double[][] x = fullSum().inputs(9);
    double mag = 0;
    for (int i = 0; i < x[0].length; i++) {
      mag += Math.abs(x[0][i] * x[1][i]);
    }
    assertEquals(ref.get(0).getDouble(0), f32.get(0).getDouble(0), 2e-5 * mag, "sum");
    for (int i = 1; i < 3; i++) {
      assertClose("gradient " + i, f32.get(i), ref.get(i), 1e-6, 1e-6);
    }
  }

  @Test
  void embeddingScatterAddFloat32MatchesFloat64() {
    assertClose(embedding(), new double[] {0, 1e-5}, 1e-5);
  }

  @Test
  void everyHostPathIsBitIdenticalAcrossThreadCounts() {
    for (Program p : List.of(layerNorm(), elementwise(), fullSum(), embedding())) {
      List<float[]> one = floats(p, 1);
      List<float[]> two = floats(p, 2);
      List<float[]> twoAgain = floats(p, 2);
      List<float[]> three = floats(p, 3);
      for (int i = 0; i < one.size(); i++) {
        assertArrayEquals(two.get(i), twoAgain.get(i), "output " + i + " differs between two runs on 2 threads");
        assertArrayEquals(one.get(i), two.get(i), "output " + i + " differs between 1 and 2 threads");
        assertArrayEquals(one.get(i), three.get(i), "output " + i + " differs between 1 and 3 threads");
      }
    }
  }

  @Test
  void elementwiseAndSumAgreeWithFloat64AtEveryLengthAroundPieceEdges() {
    qt().withExamples(40).withFixedSeed(17).forAll(integers().between(1, 3 * 16384 + 9)).checkAssert(n -> {
      Program p = new Program(new long[][] {{n}, {n}, {n}}, t -> t[0].add(t[1]).mul(t[2]).sum());
      List<INDArray> ref = p.run(DataType.DOUBLE, n);
      List<INDArray> f32 = p.run(DataType.FLOAT, n);
      double[][] x = p.inputs(n);
      double mag = 0;
      for (int i = 0; i < n; i++) {
        mag += Math.abs(x[0][i] * x[2][i]) + Math.abs(x[1][i] * x[2][i]);
      }
      assertEquals(ref.get(0).getDouble(0), f32.get(0).getDouble(0), 2e-5 * mag, "sum at n = " + n);
      for (int i = 1; i < 4; i++) {
        assertClose("gradient " + i + " at n = " + n, f32.get(i), ref.get(i), 1e-5, 1e-5);
      }
    });
  }

  private static List<float[]> floats(Program p, int threads) {
    Parallel.setThreads(threads);
    List<float[]> out = new ArrayList<>();
    for (INDArray a : p.run(DataType.FLOAT, 21)) {
      out.add(Nd.toFloats(a));
    }
    return out;
  }

  /** Output and gradients of p in float32 against float64, each within atol[i] + rtol |reference|. */
  private static void assertClose(Program p, double[] atol, double rtol) {
    List<INDArray> ref = p.run(DataType.DOUBLE, 7);
    List<INDArray> f32 = p.run(DataType.FLOAT, 7);
    for (int i = 0; i < ref.size(); i++) {
      assertClose(i == 0 ? "output" : "gradient of input " + (i - 1), f32.get(i), ref.get(i), atol[i], rtol);
    }
  }

  private static void assertClose(String what, INDArray actual, INDArray expected, double atol, double rtol) {
    assertEquals(DataType.FLOAT, actual.dataType(), what + ": not the float32 path");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] a = Nd.toDoubles(actual);
    double[] b = Nd.toDoubles(expected);
    for (int i = 0; i < a.length; i++) {
      double tol = atol + rtol * Math.abs(b[i]);
      int k = i;
      assertTrue(Math.abs(a[i] - b[i]) <= tol,
          () -> what + ": element " + k + " is " + a[k] + " in float32 but " + b[k] + " in float64");
    }
  }
}
