package org.grpo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.grpo4j.nn.layers.Dropout;
import org.grpo4j.nn.layers.LayerNorm;
import org.grpo4j.nn.layers.Linear;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModuleTest {
  /** A two-level module: h.{0,1}.{ln, proj, drop} plus a top-level scale. */
  static final class Toy extends Module {
    final ModuleList<Block> h = registerModule("h", new ModuleList<>());
    final Parameter scale = registerParameter("scale", Nd4j.ones(DataType.FLOAT, 3));

    Toy() {
      SplittableRandom rng = new SplittableRandom(1);
      for (int i = 0; i < 2; i++) {
        h.add(new Block(rng));
      }
    }
  }

  static final class Block extends Module {
    Block(SplittableRandom rng) {
      registerModule("ln", new LayerNorm(3, 1e-5, DataType.FLOAT));
      registerModule("proj", Linear.create(3, 4, true, 0.02, rng, DataType.FLOAT));
      registerModule("drop", new Dropout(0.1, new SeedStream(0)));
    }
  }

  @Test
  void namesAreDottedAndInRegistrationOrder() {
    Toy t = new Toy();
    assertEquals(List.of("h.0.ln.weight", "h.0.ln.bias", "h.0.proj.weight", "h.0.proj.bias", "h.1.ln.weight",
        "h.1.ln.bias", "h.1.proj.weight", "h.1.proj.bias", "scale"), List.copyOf(t.namedParameters().keySet()));
    assertEquals(2 * (3 + 3 + 12 + 4) + 3, t.parameterCount());
  }

  @Test
  void duplicateAndDottedNamesAreRejected() {
    Module m = new Module() {
      {
        registerParameter("w", Nd4j.zeros(DataType.FLOAT, 2));
        var e = assertThrows(IllegalArgumentException.class,
            () -> registerParameter("w", Nd4j.zeros(DataType.FLOAT, 2)));
        assertTrue(e.getMessage().contains("'w' is already registered"), e.getMessage());
        var d = assertThrows(IllegalArgumentException.class, () -> registerModule("a.b", new ModuleDict()));
        assertTrue(d.getMessage().contains("'a.b'"), d.getMessage());
      }
    };
    assertEquals(1, m.parameters().size());
  }

  @Test
  void modeScopesNestAndRestorePerModule() {
    Toy t = new Toy();
    Module inner = t.h.get(1);
    try (ModeScope outer = t.eval()) {
      assertTrue(t.modules().stream().noneMatch(Module::isTraining));
      try (ModeScope s = inner.train()) {
        assertTrue(inner.isTraining());
        assertFalse(t.isTraining());
      }
      assertFalse(inner.isTraining());
      outer.close(); // closing twice is harmless
    }
    assertTrue(t.modules().stream().allMatch(Module::isTraining));
  }

  @Test
  void loadStateDictNamesEveryDifferenceAndChangesNothing() {
    Toy t = new Toy();
    INDArray before = t.scale.data().dup();
    LinkedHashMap<String, INDArray> state = new LinkedHashMap<>();
    t.stateDict().forEach((k, v) -> state.put(k, v.add(1)));
    state.remove("h.0.ln.bias");
    state.put("h.1.proj.weight", Nd4j.zeros(DataType.FLOAT, 4, 3));
    state.put("h.1.ln.weight", Nd4j.zeros(DataType.DOUBLE, 3));
    state.put("extra", Nd4j.zeros(DataType.FLOAT, 1));
    StateMismatchException e = assertThrows(StateMismatchException.class, () -> t.loadStateDict(state));
    assertEquals(4, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("missing tensor 'h.0.ln.bias'"), e.getMessage());
    assertTrue(e.getMessage().contains("'h.1.proj.weight' has shape (4, 3), expected (3, 4)"), e.getMessage());
    assertTrue(e.getMessage().contains("'h.1.ln.weight' has dtype DOUBLE, expected FLOAT"), e.getMessage());
    assertTrue(e.getMessage().contains("unexpected tensor 'extra'"), e.getMessage());
    assertEquals(before, t.scale.data());
  }

  @Test
  void loadStateDictCopiesInPlace() {
    Toy a = new Toy();
    Toy b = new Toy();
    b.scale.data().assign(7);
    INDArray target = a.scale.data();
    a.loadStateDict(b.stateDict());
    assertTrue(target == a.scale.data());
    assertArrayEquals(new float[] {7, 7, 7}, a.scale.data().toFloatVector());
  }
}
