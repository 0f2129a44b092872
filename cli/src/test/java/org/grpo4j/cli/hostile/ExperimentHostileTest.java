package org.grpo4j.cli.hostile;

import static org.grpo4j.cli.hostile.Hostile.fails;
import static org.grpo4j.cli.hostile.Hostile.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Hostile sizes and outputs for {@code grpo4j experiment}: refused before any work, earlier results untouched. */
class ExperimentHostileTest {
  @TempDir static Path dir;
  static String fresh;

  @BeforeAll
  static void fixtures() throws IOException {
    fresh = dir.resolve("fresh").toString();
    Files.createDirectories(dir.resolve("earlier"));
    Fixtures.text(dir.resolve("earlier/bias.csv"), "delta,bias\n");
    Fixtures.text(dir.resolve("earlier/summary.md"), "# E1\n");
  }

  private static String at(String name) {
    return dir.resolve(name).toString();
  }

  @TestFactory
  Stream<DynamicTest> experiment() {
    return Hostile.all(dir,
        usage("unknown experiment", "ppo_bias", "experiment", "ppo_bias", "--out", fresh),
        fails("earlier results in --out", "bias.csv", "experiment", "bias", "--out", at("earlier")),
        fails("--max-tokens huge", "--max-tokens 40", "experiment", "bias", "--max-tokens", "40", "--out", fresh),
        fails("--max-tokens 0", "--max-tokens 0", "experiment", "bias", "--max-tokens", "0", "--out", fresh),
        fails("--group-size 1", "--group-size 1", "experiment", "variance", "--group-size", "1", "--out", fresh),
        fails("--group-size huge", "--group-size 2000000000", "experiment", "convergence", "--group-size",
            "2000000000", "--out", fresh),
        fails("--seeds 0", "--seeds 0", "experiment", "convergence", "--seeds", "0", "--out", fresh),
        fails("--iterations negative", "--iterations -5", "experiment", "convergence", "--iterations", "-5", "--out",
            fresh),
        fails("--eta NaN", "--eta NaN", "experiment", "convergence", "--eta", "NaN", "--out", fresh),
        fails("--gspo-eps one value", "--gspo-eps", "experiment", "convergence", "--gspo-eps", "0.1", "--out",
            fresh),
        usage("--seeds not a number", "--seeds", "experiment", "bias", "--seeds", "many", "--out", fresh),
        usage("--policy unknown", "--policy", "experiment", "bias", "--policy", "lstm", "--out", fresh));
  }
}
