package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Arrays created inside a scope are released at its end (closed, or recycled by a recycling scope); parameters, their
 * views, leaf gradients and kept arrays survive.
 */
class MemoryScopeTest {

  @Test
  void releasesIntermediatesButNotParametersGradientsOrKeptTensors() {
    INDArray w0 = GradCheck.random(new SplittableRandom(3), 4, 3);
    Tensor w = Tensor.param(w0.dup());
    Tensor x = Tensor.of(GradCheck.random(new SplittableRandom(4), 2, 4));
    Tensor h;
    Tensor kept;
    Tensor wT;
    try (MemoryScope scope = MemoryScope.open()) {
      wT = w.transpose(0, 1); // a view of the parameter's buffer: must never be closed
      h = x.matmul(w).tanh();
      kept = scope.keep(h.mul(2.0));
      h.sum().add(kept.sum()).add(wT.sum()).backward();
      assertTrue(scope.recorded() > 3);
    }
    assertTrue(h.data().wasClosed(), "an intermediate survived its scope");
    assertFalse(kept.data().wasClosed());
    assertFalse(w.data().wasClosed());
    assertFalse(wT.data().wasClosed());
    assertEquals(0.0, w.data().sub(w0).amaxNumber().doubleValue(), 0.0);
    assertFalse(w.grad().wasClosed());
    assertTrue(Double.isFinite(w.grad().sumNumber().doubleValue()));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.add(1.0));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void gradientsMatchTheUnscopedComputationAndNestedScopesHandOverKeptArrays() {
    SplittableRandom r = new SplittableRandom(9);
    INDArray x0 = GradCheck.random(r, 3, 5);
    Tensor a = Tensor.param(x0.dup());
    a.exp().mul(a).sum().backward();
    Tensor b = Tensor.param(x0.dup());
    Tensor inner;
    try (MemoryScope outer = MemoryScope.open()) {
      try (MemoryScope in = MemoryScope.open()) {
        inner = in.keep(b.exp());
      }
      assertFalse(inner.data().wasClosed(), "kept by the inner scope, released by the outer one");
      inner.mul(b).sum().backward();
    }
    assertTrue(inner.data().wasClosed());
    assertEquals(0.0, a.grad().sub(b.grad()).amaxNumber().doubleValue(), 1e-15);
  }

  @Test
  void scopesMustCloseInOrder() {
    MemoryScope outer = MemoryScope.open();
    MemoryScope inner = MemoryScope.open();
    assertThrows(IllegalStateException.class, outer::close);
    inner.close();
    outer.close();
    assertFalse(MemoryScope.active());
  }

  @Test
  void recyclingScopesTrainBitForBitLikeClosingScopesAndStopAllocatingAfterTheFirstStep() {
    for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray[] closing = train(dtype, false, 6);
      long[] before = MemoryScope.poolCounts();
      INDArray[] recycling = train(dtype, true, 6);
      long[] after = MemoryScope.poolCounts();
      for (int i = 0; i < closing.length; i++) {
        assertEquals(closing[i], recycling[i], dtype + " parameter " + i + " differs after recycled steps");
      }
      long reused = after[0] - before[0];
      long allocated = after[1] - before[1];
      assertTrue(reused > 4 * allocated, dtype + ": " + reused + " arrays reused but " + allocated
          + " newly allocated over 6 steps; after the first step every shape should come from the pool");
    }
  }

  @Test
  void driftingShapesDoNotPileUpInThePool() {
    Tensor w = Tensor.param(GradCheck.random(new SplittableRandom(12), 16, 16).castTo(DataType.FLOAT));
    long widest = 0;
    for (int rows = 1; rows <= 60; rows++) { // a sequence growing by one position per step
      try (MemoryScope scope = MemoryScope.recycling()) {
        Tensor x = Tensor.of(GradCheck.random(new SplittableRandom(rows), rows, 16).castTo(DataType.FLOAT));
        F.linear(x, w, null).tanh().sum().backward();
      }
      w.zeroGrad();
      widest = Math.max(widest, MemoryScope.poolBytes());
    }
    long step = 60L * 16 * 4; // one (60, 16) float array
    assertTrue(widest < 12 * step, "the pool grew to " + widest + " bytes over drifting shapes; each step's"
        + " arrays are about " + 3 * step + " bytes, and shapes unasked for two steps must be closed");
  }

  @Test
  void copiedLeafGradientsReleasedEveryStepDoNotPileUpInThePool() {
    Tensor w = Tensor.param(GradCheck.random(new SplittableRandom(13), 32, 32).castTo(DataType.FLOAT));
    Tensor x = Tensor.of(GradCheck.random(new SplittableRandom(14), 32, 32).castTo(DataType.FLOAT));
    long afterWarmUp = 0;
    for (int step = 1; step <= 60; step++) {
      try (MemoryScope scope = MemoryScope.recycling()) {
        w.zeroGrad(); // the previous gradient goes back to the pool
        w.add(x).tanh().sum().backward(); // add passes its upstream gradient to w: the engine copies it
      }
      if (step == 10) {
        afterWarmUp = MemoryScope.poolBytes();
      }
    }
    assertEquals(afterWarmUp, MemoryScope.poolBytes(), "the pool grew after the warm-up: arrays allocated outside"
        + " it (copied gradients) were kept beyond what a step takes");
  }

  @Test
  void keptArraysOfARecyclingScopeSurviveLaterSteps() {
    Tensor w = Tensor.param(GradCheck.random(new SplittableRandom(5), 8, 8).castTo(DataType.FLOAT));
    Tensor x = Tensor.of(GradCheck.random(new SplittableRandom(6), 4, 8).castTo(DataType.FLOAT));
    Tensor kept;
    INDArray snapshot;
    try (MemoryScope scope = MemoryScope.recycling()) {
      kept = scope.keep(F.linear(x, w, null).tanh());
      snapshot = kept.data().dup();
    }
    for (int step = 0; step < 3; step++) {
      try (MemoryScope scope = MemoryScope.recycling()) {
        F.linear(x.mul(-1.0), w, null).tanh().sum().backward(); // same shapes: would reuse a released array
      }
      w.zeroGrad();
    }
    assertEquals(snapshot, kept.data(), "a kept array was handed out again by the pool");
  }

  @Test
  void zeroGradReleasesTheOldGradientAtOnce() {
    Tensor w = Tensor.param(GradCheck.random(new SplittableRandom(8), 3, 3));
    Thread t = new Thread(() -> { // a fresh thread: no recycling scope has run on it, so release means close
      w.exp().sum().backward();
      INDArray g = w.grad();
      w.zeroGrad();
      assertTrue(g.wasClosed(), "the released gradient is still allocated");
    });
    AssertionError[] failure = new AssertionError[1];
    t.setUncaughtExceptionHandler((th, e) -> failure[0] = (AssertionError) e);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  /** A small MLP trained by plain SGD inside closing or recycling scopes; returns the final parameters. */
  private static INDArray[] train(DataType dtype, boolean recycle, int steps) {
    SplittableRandom r = new SplittableRandom(11);
    Tensor w1 = Tensor.param(GradCheck.random(r, 6, 5).castTo(dtype));
    Tensor b1 = Tensor.param(GradCheck.random(r, 5).castTo(dtype));
    Tensor w2 = Tensor.param(GradCheck.random(r, 5, 3).castTo(dtype));
    Tensor x = Tensor.of(GradCheck.random(r, 4, 6).castTo(dtype));
    Tensor y = Tensor.of(GradCheck.random(r, 4, 3).castTo(dtype));
    Tensor[] params = {w1, b1, w2};
    for (int s = 0; s < steps; s++) {
      try (MemoryScope scope = recycle ? MemoryScope.recycling() : MemoryScope.open()) {
        F.mseLoss(F.linear(F.linear(x, w1, b1).tanh(), w2, null), y).backward();
        for (Tensor p : params) {
          p.data().subi(p.grad().mul(0.1));
        }
      }
      for (Tensor p : params) {
        p.zeroGrad();
      }
    }
    return new INDArray[] {w1.data().dup(), b1.data().dup(), w2.data().dup()};
  }
}
