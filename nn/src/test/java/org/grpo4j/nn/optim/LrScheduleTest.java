package org.grpo4j.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void warmupIsLinearThenCosineReachesTheMinimum() {
    LrSchedule s = new LrSchedule.WarmupCosine(1.0, 4, 14, 0.1);
    assertEquals(0.25, s.lr(0), 1e-12);
    assertEquals(1.0, s.lr(3), 1e-12);
    assertEquals(1.0, s.lr(4), 1e-12);
    assertEquals(0.55, s.lr(9), 1e-12);
    assertEquals(0.1, s.lr(14), 1e-12);
    assertEquals(0.1, s.lr(100), 1e-12);
    assertEquals(3e-4, new LrSchedule.Constant(3e-4).lr(12345));
  }

  @Test
  void ratesStayWithinMinAndPeakAndDecayIsMonotone() {
    qt().withFixedSeed(20261284L).forAll(integers().between(0, 50), integers().between(0, 200), integers().between(0, 300))
        .checkAssert((warm, extra, step) -> {
          LrSchedule s = new LrSchedule.WarmupCosine(2.0, warm, warm + extra, 0.5);
          double lr = s.lr(step);
          assertTrue(lr <= 2.0 + 1e-12 && lr > 0, "lr " + lr);
          if (step >= warm) {
            assertTrue(lr >= 0.5 - 1e-12 && s.lr(step + 1) <= lr + 1e-12, "monotone after warmup at " + step);
          }
        });
  }

  @Test
  void badSchedulesNameTheValues() {
    var e = assertThrows(IllegalArgumentException.class, () -> new LrSchedule.WarmupCosine(1, 10, 5, 0));
    assertTrue(e.getMessage().contains("10 and 5"), e.getMessage());
  }
}
