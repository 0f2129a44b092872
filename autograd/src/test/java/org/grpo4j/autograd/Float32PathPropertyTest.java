package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every catalogued op computes the same forward values and input gradients in float32 as in float64 (the path the
 * finite-difference checks verify), to float32 accuracy: this is what covers the float32-only kernels (Java tanh,
 * GELU, causal softmax, fused bias and loss passes) op by op.
 */
class Float32PathPropertyTest {
  private static final int EXAMPLES = System.getenv("CI") != null ? 15 : 30;
  private static final double ATOL = 2e-5;
  private static final double RTOL = 2e-4;

  @TestFactory
  Stream<DynamicTest> float32AgreesWithFloat64() {
    return OpCatalogue.ENTRIES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().getSimpleName(),
        () -> qt().withExamples(EXAMPLES).withFixedSeed(31L * e.getKey().getSimpleName().hashCode())
            .forAll(longs().all())
            .checkAssert(seed -> {
              OpCatalogue.Problem p = e.getValue().make(new SplittableRandom(seed));
              String what = e.getKey().getSimpleName() + " seed " + seed;
              Run ref = run(p, DataType.DOUBLE, seed);
              Run f32 = run(p, DataType.FLOAT, seed);
              assertClose(what + " forward", f32.out, ref.out);
              for (int i = 0; i < ref.grads.length; i++) {
                if (ref.grads[i] != null) {
                  assertClose(what + " gradient of input " + i, f32.grads[i], ref.grads[i]);
                }
              }
            })));
  }

  private record Run(INDArray out, INDArray[] grads) {}

  /** Runs the problem with its floating inputs cast to dtype; upstream gradient drawn from seed in float64. */
  private static Run run(OpCatalogue.Problem p, DataType dtype, long seed) {
    Tensor[] in = new Tensor[p.inputs().length];
    for (int i = 0; i < in.length; i++) {
      INDArray x = p.inputs()[i];
      INDArray cast = x.dataType() == DataType.DOUBLE ? x.castTo(dtype) : x.dup();
      in[i] = p.diff()[i] ? Tensor.param(cast) : Tensor.of(cast);
    }
    Tensor y = p.f().apply(in);
    INDArray seedGrad = GradCheck.random(new SplittableRandom(seed ^ 0x5DEECE66DL), y.data().shape());
    y.backward(seedGrad.castTo(y.data().dataType()));
    INDArray[] grads = new INDArray[in.length];
    for (int i = 0; i < in.length; i++) {
      grads[i] = p.diff()[i] && in[i].grad() != null ? in[i].grad().castTo(DataType.DOUBLE) : null;
    }
    return new Run(y.data().castTo(DataType.DOUBLE), grads);
  }

  private static void assertClose(String what, INDArray actual, INDArray expected) {
    assertTrue(actual != null, what + ": no float32 result");
    assertEquals(expected.length(), actual.length(), what + ": length");
    double[] a = Nd.toDoubles(actual);
    double[] b = Nd.toDoubles(expected);
    for (int i = 0; i < a.length; i++) {
      double tol = ATOL + RTOL * Math.abs(b[i]);
      int k = i;
      assertTrue(Math.abs(a[i] - b[i]) <= tol || (Double.isNaN(a[i]) && Double.isNaN(b[i])),
          () -> what + ": element " + k + " is " + a[k] + " in float32 but " + b[k] + " in float64");
    }
  }
}
