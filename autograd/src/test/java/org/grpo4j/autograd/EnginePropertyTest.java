package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Properties of the backward engine itself, independent of any single op. */
class EnginePropertyTest {

  private static double maxAbsDiff(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  @Test
  void gradientIsLinearInTheOutput() {
    qt().withFixedSeed(20261124L).withExamples(40).forAll(longs().all(), doubles().between(-3, 3), doubles().between(-3, 3))
        .checkAssert((seed, a, b) -> {
          INDArray x0 = GradCheck.random(new SplittableRandom(seed), 3, 4);
          Tensor x = Tensor.param(x0);
          Tensor f = x.tanh().sum();
          Tensor g = x.mul(x).mul(x).sum();
          Tensor combo = f.mul(a).add(g.mul(b));
          INDArray[] gc = Autograd.grad(combo, x);
          Tensor x2 = Tensor.param(x0);
          INDArray gf = Autograd.grad(x2.tanh().sum(), x2)[0];
          Tensor x3 = Tensor.param(x0);
          INDArray gg = Autograd.grad(x3.mul(x3).mul(x3).sum(), x3)[0];
          assertTrue(maxAbsDiff(gc[0], gf.mul(a).add(gg.mul(b))) < 1e-12);
        });
  }

  @Test
  void fanOutAccumulates() {
    qt().withFixedSeed(20261124L).withExamples(30).forAll(longs().all(), integers().between(1, 12)).checkAssert((seed, uses) -> {
      INDArray x0 = GradCheck.random(new SplittableRandom(seed), 5);
      Tensor x = Tensor.param(x0);
      Tensor y = x;
      for (int i = 1; i < uses; i++) {
        y = y.add(x); // y = uses * x, x used `uses` times
      }
      y.mul(y).sum().backward(); // d/dx (uses x)^2 = 2 uses^2 x
      assertTrue(maxAbsDiff(x.grad(), x0.mul(2.0 * uses * uses)) < 1e-9);
    });
  }

  @Test
  void noGradBuildsNoGraphAndNestsSafely() {
    Tensor x = Tensor.param(Nd4j.rand(DataType.DOUBLE, 3));
    try (var outer = GradMode.noGrad()) {
      Tensor y = x.mul(2.0).exp();
      assertFalse(y.requiresGrad());
      assertTrue(y.isLeaf());
      try (var inner = GradMode.enableGrad()) {
        assertTrue(x.mul(2.0).requiresGrad());
        try (var innermost = GradMode.noGrad()) {
          assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
      }
      assertFalse(GradMode.isEnabled());
      assertThrows(IllegalStateException.class, () -> y.sum().backward());
    }
    assertTrue(GradMode.isEnabled());
    assertTrue(x.mul(2.0).requiresGrad());
  }

  @Test
  void repeatedBackwardAccumulatesUntilZeroed() {
    qt().withFixedSeed(20261124L).withExamples(20).forAll(longs().all(), integers().between(1, 5)).checkAssert((seed, times) -> {
      INDArray x0 = GradCheck.random(new SplittableRandom(seed), 2, 3);
      Tensor x = Tensor.param(x0);
      for (int i = 0; i < times; i++) {
        x.exp().sum().backward();
      }
      assertTrue(maxAbsDiff(x.grad(), org.nd4j.linalg.ops.transforms.Transforms.exp(x0).mul(times)) < 1e-10);
      x.zeroGrad();
      assertNull(x.grad());
      x.exp().sum().backward();
      assertTrue(maxAbsDiff(x.grad(), org.nd4j.linalg.ops.transforms.Transforms.exp(x0)) < 1e-12);
    });
  }

  @Test
  void longChainDoesNotOverflowTheStack() {
    Tensor x = Tensor.param(Nd4j.scalar(1.0));
    Tensor y = x;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      y = y.mul(1.00001);
    }
    y.backward();
    assertEquals(Math.pow(1.00001, n), x.grad().getDouble(0), 1e-9);
    assertEquals(Math.pow(1.00001, n), y.item(), 1e-9);
  }

  @Test
  void unbroadcastEqualsSumOverExpandedAxes() {
    qt().withFixedSeed(20261124L).withExamples(50).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      long[] big = OpCatalogue.shapeOfRank(r, 1 + r.nextInt(4));
      long[] small = OpCatalogue.broadcastable(r, big);
      INDArray g = GradCheck.random(r, big);
      INDArray reduced = Nd.sumTo(g, small);
      assertArrayEquals(small, reduced.shape());
      // reference: sum g over every index of big that maps onto each index of small
      INDArray ref = Nd4j.zeros(DataType.DOUBLE, small);
      int lead = big.length - small.length;
      for (long i = 0; i < g.length(); i++) {
        long[] idx = org.nd4j.linalg.api.shape.Shape.ind2subC(big, i);
        long[] target = new long[small.length];
        for (int d = 0; d < small.length; d++) {
          target[d] = small[d] == 1 ? 0 : idx[d + lead];
        }
        ref.putScalar(target, ref.getDouble(target) + g.getDouble(i));
      }
      assertTrue(maxAbsDiff(reduced, ref) < 1e-12);
      // and the engine does it for broadcasting ops: d/db sum(a + b) = count of broadcast copies
      Tensor b = Tensor.param(Nd4j.zeros(DataType.DOUBLE, small));
      Tensor.of(g).add(b).mul(Tensor.of(g)).sum().backward();
      assertTrue(maxAbsDiff(b.grad(), ref) < 1e-12);
    });
  }

  @Test
  void retainGraphAllowsASecondBackwardAndFreedGraphSaysSo() {
    Tensor x = Tensor.param(Nd4j.createFromArray(0.5, -1.0));
    Tensor y = x.exp().sum();
    y.backward(null, true);
    y.backward(null, false);
    assertTrue(maxAbsDiff(x.grad(), org.nd4j.linalg.ops.transforms.Transforms.exp(x.data()).mul(2)) < 1e-12);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
  }

  @Test
  void functionalGradLeavesGradFieldsAlone() {
    Tensor x = Tensor.param(Nd4j.createFromArray(1.0, 2.0));
    Tensor w = Tensor.param(Nd4j.createFromArray(3.0, 4.0));
    Tensor unused = Tensor.param(Nd4j.createFromArray(9.0));
    Tensor h = x.mul(w).retainGrad();
    INDArray[] g = Autograd.grad(h.sum(), List.of(x, h, unused), null, false);
    assertTrue(maxAbsDiff(g[0], w.data()) < 1e-15);
    assertTrue(maxAbsDiff(g[1], Nd4j.ones(DataType.DOUBLE, 2)) < 1e-15);
    assertNull(g[2]);
    assertNull(x.grad());
    assertNull(w.grad());
    assertNull(h.grad());
  }

  @Test
  void nonScalarBackwardNeedsASeedOfTheRightShape() {
    Tensor x = Tensor.param(Nd4j.rand(DataType.DOUBLE, 2, 3));
    Tensor y = x.mul(3.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
    assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("seed"), e.getMessage());
    ShapeException s = assertThrows(ShapeException.class, () -> y.backward(Nd4j.ones(DataType.DOUBLE, 3, 2)));
    assertTrue(s.getMessage().contains("(3, 2)") && s.getMessage().contains("(2, 3)"), s.getMessage());
    y.backward(Nd4j.ones(DataType.DOUBLE, 2, 3).muli(2));
    assertTrue(maxAbsDiff(x.grad(), Nd4j.ones(DataType.DOUBLE, 2, 3).muli(6)) < 1e-15);
  }

  @Test
  void backwardOnAConstantIsAnError() {
    Tensor c = Tensor.of(Nd4j.rand(DataType.DOUBLE, 2));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.sum().backward());
    assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
  }
}
