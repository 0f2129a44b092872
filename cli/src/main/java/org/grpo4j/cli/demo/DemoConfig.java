package org.grpo4j.cli.demo;

import java.nio.file.Path;

/** Settings of the spiral-classification demo; the defaults train to >95% accuracy in under a minute. */
public record DemoConfig(int classes, int perClass, int hidden, int steps, int batch, double lr, int evalEvery,
    long seed, Path out) {

  /** Validates every field, naming the bad value. */
  public DemoConfig {
    check(classes >= 2, "classes", classes, ">= 2");
    check(perClass >= 1, "perClass", perClass, ">= 1");
    check(hidden >= 1, "hidden", hidden, ">= 1");
    check(steps >= 1, "steps", steps, ">= 1");
    check(batch >= 1 && batch <= classes * perClass, "batch", batch, "in [1, " + classes * perClass + "]");
    check(lr > 0 && Double.isFinite(lr), "lr", lr, "finite and > 0");
    check(evalEvery >= 1, "evalEvery", evalEvery, ">= 1");
    if (out == null) {
      throw new IllegalArgumentException("demo: an output directory is required");
    }
  }

  private static void check(boolean ok, String name, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("demo: " + name + " = " + value + " is invalid (expected " + expected + ")");
    }
  }

  /** 5 arms x 200 points, 128 hidden, 2000 AdamW steps of batch 128 at lr 0.005, output in runs/demo. */
  public static DemoConfig defaults() {
    return new DemoConfig(5, 200, 128, 2000, 128, 0.005, 25, 42, Path.of("runs", "demo"));
  }
}
