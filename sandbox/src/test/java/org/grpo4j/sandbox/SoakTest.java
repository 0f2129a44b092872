package org.grpo4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A small soak: 300 programs (150 with CI=true), a third hostile; nothing lost, nothing unexpected, no leak. */
class SoakTest {
  @Test
  void noLostResultNoUnexpectedStatusNoLeakedWorker() {
    int n = "true".equals(System.getenv("CI")) ? 150 : 300;
    Soak.Report r = Soak.run(n, PoolConfig.defaults().withWorkers(2));
    assertEquals(n, r.results());
    assertTrue(r.unexpected().isEmpty(), String.join("\n", r.unexpected()));
    assertEquals(0, r.childrenAfterClose());
    assertTrue(r.statuses().getOrDefault(Status.PASSED, 0) >= 2 * n / 3, "benign programs pass: " + r.statuses());
  }
}
