package org.grpo4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every attack through a real pool: its status within its limits, no file written, and the pool serving on. */
class AttackTest {
  private static final Limits LIMITS = new Limits(5_000_000L, 1_000L, 1_000, 8_192, 64);
  private static final TestSpec CLEAN_TESTS = new TestSpec.Script(
      "const assert = require('assert'); assert.strictEqual(({}).polluted, undefined);"
          + "assert.strictEqual(typeof [].push, 'function'); assert.strictEqual(twice(21), 42);");
  private static SandboxPool pool;

  @BeforeAll
  static void start() {
    pool = new SandboxPool(PoolConfig.defaults().withWorkers(2).withHeapMb(192));
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Test
  void everyAttackEndsWithItsStatusAndTheNextProgramIsClean() throws Exception {
    Set<String> cwdBefore = listing(Path.of("").toAbsolutePath());
    for (Attacks.Attack attack : Attacks.all()) {
      long t0 = System.nanoTime();
      SandboxResult r = pool.run(new Program(attack.source(), new TestSpec.Script(""), LIMITS, 0));
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(attack.expected().contains(r.status()), attack.name() + ": " + r.status() + " " + r.message());
      assertFalse(r.message().startsWith("killed"), attack.name() + " needed the hard deadline: " + r.message());
      // generous: the time limit, the worker's grace, and a replacement worker starting on a busy machine
      assertTrue(millis < LIMITS.timeMillis() + 30_000, attack.name() + " took " + millis + " ms");
      assertTrue(r.output().length() <= LIMITS.outputBytes(), attack.name() + " output " + r.output().length());
      SandboxResult clean = pool.run(new Program("function twice(x) { return 2 * x; }", CLEAN_TESTS, LIMITS, 0));
      assertEquals(Status.PASSED, clean.status(), "after " + attack.name() + ": " + clean.message());
      assertTrue(workerChildren() <= 2, "at most two workers alive after " + attack.name());
    }
    assertEquals(cwdBefore, listing(Path.of("").toAbsolutePath()), "the working directory is unchanged");
    assertNoPwnedFile(Path.of(System.getProperty("java.io.tmpdir")));
    assertNoPwnedFile(Path.of("").toAbsolutePath());
  }

  @Test
  void workersLeaveNoPerfDataFiles() {
    pool.run(Program.of("1", new TestSpec.Script("")));
    File perf = new File(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"));
    ProcessHandle.current().children().forEach(p ->
        assertFalse(new File(perf, Long.toString(p.pid())).exists(), "hsperfdata file of worker " + p.pid()));
  }

  @Test
  void timeLimitStopsABusyWaitWhenInstructionsAreAmple() {
    Limits slow = LIMITS.withInstructions(Long.MAX_VALUE).withTimeMillis(300);
    SandboxResult r = pool.run(new Program("var t = Date.now(); while (Date.now() - t < 1e9) {}",
        new TestSpec.Script(""), slow, 0));
    assertEquals(Status.TIMEOUT, r.status(), r.message());
  }

  @Test
  void stackDepthLimitIsTheConfiguredOne() {
    String probe = "var d = 0; function f() { d++; f(); } try { f(); } catch (e) {} console.log(d);";
    SandboxResult r = pool.run(new Program(probe, new TestSpec.Script(""), LIMITS.withStackDepth(100), 0));
    int depth = Integer.parseInt(r.output().trim());
    assertTrue(depth >= 95 && depth <= 101, "depth " + depth);
  }

  static long workerChildren() {
    return ProcessHandle.current().children()
        .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(Worker.class.getName())).orElse(false))
        .count();
  }

  private static Set<String> listing(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  private static void assertNoPwnedFile(Path dir) throws Exception {
    List<String> bad = listing(dir).stream().filter(n -> n.contains("pwned")).toList();
    assertTrue(bad.isEmpty(), "files written by programs in " + dir + ": " + bad);
  }
}
