package org.grpo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code experiment bridge_convergence} alone runs at the full suite's sizes unless told otherwise. */
class ExperimentDefaultsTest {
  @Test
  void bridgeConvergenceDefaultsToTheSuitesSizes(@TempDir Path dir) throws Exception {
    // --iterations 4 keeps the run short; every other size is the default under test
    CliRun sgd = CliRun.of("experiment", "bridge_convergence", "--iterations", "4", "--out",
        dir.resolve("sgd").toString());
    assertEquals(0, sgd.exit(), sgd.err());
    String s = Files.readString(dir.resolve("sgd/summary.md"));
    assertTrue(s.contains("1 layer(s), width 16") && s.contains("T_max 5") && s.contains("4 groups of 8")
        && s.contains("K 2 SGD steps of eta 0.1500") && s.contains("5 sampling seeds"), s);
    CliRun adam = CliRun.of("experiment", "bridge_convergence", "--iterations", "4", "--seeds", "2", "--step-rule",
        "adam", "--out", dir.resolve("adam").toString());
    assertEquals(0, adam.exit(), adam.err());
    String a = Files.readString(dir.resolve("adam/summary.md"));
    CliRun two = CliRun.of("experiment", "bridge_convergence", "--iterations", "2", "--out",
        dir.resolve("two").toString());
    assertTrue(two.exit() != 0 && two.err().contains("--iterations 2 must be in [4, "), two.err());
    assertTrue(a.contains("K 2 ADAM steps of eta 0.01500") && a.contains("2 sampling seeds"), a);
  }
}
