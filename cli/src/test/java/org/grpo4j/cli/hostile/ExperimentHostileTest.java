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
    Fixtures.text(dir.resolve("afile"), "not a directory\n");
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
        fails("--out a file, before computing", "--out " + at("afile") + " is a file", "experiment", "convergence",
            "--iterations", "3000", "--max-tokens", "3", "--seeds", "2", "--out", at("afile")),
        fails("--out below a file", "is a file, not a directory", "experiment", "bias", "--out", at("afile/x")),
        fails("--out not writable", "--out /proc/grpo4j-experiment is not writable", "experiment", "bias", "--out",
            "/proc/grpo4j-experiment"),
        fails("--out empty", "--out is empty", "experiment", "bias", "--out", ""),
        fails("--out root", "--out / is a filesystem root", "experiment", "bias", "--out", "/"),
        fails("--eta overflowing", "--eta 1.0E308", "experiment", "convergence", "--eta", "1e308", "--max-tokens",
            "3", "--iterations", "20", "--out", fresh),
        fails("--eta-scale NaN", "--eta-scale NaN", "experiment", "convergence", "--eta-scale", "NaN", "--out",
            fresh),
        fails("--eta-scale huge", "--eta-scale 1000000.0", "experiment", "convergence", "--eta-scale", "1e6",
            "--iterations", "100", "--out", fresh),
        fails("--eps 5 for bias", "--eps 5.0", "experiment", "bias", "--eps", "5", "--out", fresh),
        fails("--eps negative", "--eps -0.1", "experiment", "convergence", "--eps", "-0.1", "--out", fresh),
        fails("--gspo-eps NaN", "--gspo-eps NaN", "experiment", "convergence", "--gspo-eps", "NaN,0.1", "--out",
            fresh),
        usage("--policy unknown", "--policy", "experiment", "bias", "--policy", "lstm", "--out", fresh));
  }
}
