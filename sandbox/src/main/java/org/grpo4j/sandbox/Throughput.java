package org.grpo4j.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark: short programs per second through a pool ({@code java -cp ... org.grpo4j.sandbox.Throughput [programs]
 * [workers]}); prints one line of figures. Workers are started and warmed before the clock starts.
 */
public final class Throughput {
  private Throughput() {}

  /** Runs the benchmark: args are the number of programs (default 4000) and workers (default: cores). */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    try (SandboxPool pool = new SandboxPool(PoolConfig.defaults().withWorkers(workers))) {
      pool.runAll(programs(20 * workers, 1_000_000)); // start and warm every worker
      List<Program> batch = programs(n, 0);
      long t0 = System.nanoTime();
      List<SandboxResult> results = pool.runAll(batch);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long passed = results.stream().filter(SandboxResult::solved).count();
      System.out.printf("throughput: %d programs on %d workers in %.2f s = %.0f programs/s (%d passed)%n",
          n, workers, seconds, n / seconds, passed);
    }
  }

  /** Short MultiPL-E-like programs: a function of a few lines, five cases or a script of asserts. */
  static List<Program> programs(int n, int offset) {
    List<Program> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int k = i + offset;
      String source = "function f(xs, k) {\n  let s = 0;\n  for (const x of xs) { s += x * k; }\n  return s + " + (k % 7)
          + ";\n}";
      if (k % 2 == 0) {
        list.add(Program.of(source, TestSpec.parse("{\"entry_point\":\"f\",\"cases\":["
            + "{\"args\":[[1,2,3],2],\"expected\":" + (12 + k % 7) + "},"
            + "{\"args\":[[],5],\"expected\":" + (k % 7) + "},"
            + "{\"args\":[[4],1],\"expected\":" + (4 + k % 7) + "}]}")));
      } else {
        list.add(Program.of(source, new TestSpec.Script("const assert = require('node:assert');\n"
            + "function test() {\n  let candidate = f;\n  assert.deepEqual(candidate([1, 2, 3], 2), " + (12 + k % 7) + ");\n"
            + "  assert.deepEqual([candidate([], 1)], [" + (k % 7) + "]);\n}\ntest();")));
      }
    }
    return list;
  }
}
