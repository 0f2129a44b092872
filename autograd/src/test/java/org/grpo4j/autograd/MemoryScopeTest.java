package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Arrays created inside a scope are released at its end; parameters, their views, leaf gradients and kept arrays survive. */
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
}
