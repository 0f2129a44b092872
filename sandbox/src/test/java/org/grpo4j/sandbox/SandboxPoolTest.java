package org.grpo4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool's life cycle: lazy start, parallel runs in order, replacement of dead or stuck workers, close. */
class SandboxPoolTest {
  private static final TestSpec NONE = new TestSpec.Script("");

  @Test
  void startsLazilyRunsInOrderAndClosesItsWorkers() {
    try (SandboxPool pool = new SandboxPool(PoolConfig.defaults().withWorkers(2))) {
      assertEquals(0, pool.liveWorkers());
      List<Program> programs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        programs.add(Program.of("function f() { return " + i + "; }",
            TestSpec.parse("{\"entry_point\":\"f\",\"cases\":[{\"args\":[],\"expected\":" + (i % 2 == 0 ? i : -1) + "}]}")));
      }
      List<SandboxResult> results = pool.runAll(programs);
      for (int i = 0; i < 40; i++) {
        assertEquals(i % 2 == 0 ? Status.PASSED : Status.FAILED, results.get(i).status(), "program " + i);
      }
      assertTrue(pool.liveWorkers() >= 1 && pool.liveWorkers() <= 2, "workers " + pool.liveWorkers());
      pool.close();
      assertEquals(0, AttackTest.workerChildren(), "no worker outlives close()");
      assertEquals(Status.SANDBOX_ERROR, pool.run(Program.of("1", NONE)).status());
    }
  }

  @Test
  void aWorkerKilledFromOutsideIsReplacedAndNoRequestIsLost() {
    try (SandboxPool pool = new SandboxPool(PoolConfig.defaults().withWorkers(1))) {
      assertEquals(Status.PASSED, pool.run(Program.of("1", NONE)).status());
      ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
      sleep(300);
      assertEquals(Status.PASSED, pool.run(Program.of("1", NONE)).status());
    }
  }

  @Test
  void aStoppedWorkerIsKilledOnTheHardDeadline() throws Exception {
    PoolConfig config = new PoolConfig(1, 128, 1_000, 60_000);
    try (SandboxPool pool = new SandboxPool(config)) {
      assertEquals(Status.PASSED, pool.run(Program.of("1", NONE)).status());
      long pid = ProcessHandle.current().children().findFirst().orElseThrow().pid();
      Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start();
      assertTrue(stop.waitFor(10, TimeUnit.SECONDS) && stop.exitValue() == 0, "kill -STOP");
      Limits quick = Limits.defaults().withTimeMillis(200);
      SandboxResult r = pool.run(new Program("1", NONE, quick, 0));
      assertEquals(Status.TIMEOUT, r.status(), r.message());
      assertTrue(r.message().startsWith("killed"), r.message());
      assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the stopped worker is gone");
      assertEquals(Status.PASSED, pool.run(Program.of("1", NONE)).status(), "a fresh worker serves the next program");
    }
  }

  @Test
  void aStuckProgramThreadRetiresItsWorker() {
    // a default sort of two million numbers compares strings in Java, where no instruction observer reaches
    String sort = "var a = []; for (var i = 0; i < 2e6; i++) a.push(i * 7919 % 1000003); a.sort(); a.sort(); a.sort();";
    try (SandboxPool pool = new SandboxPool(new PoolConfig(1, 256, 30_000, 60_000))) {
      SandboxResult r = pool.run(new Program(sort, NONE, Limits.defaults().withTimeMillis(50), 0));
      assertEquals(Status.TIMEOUT, r.status(), r.message());
      assertEquals(Status.PASSED, pool.run(Program.of("1", NONE)).status());
    }
  }

  @Test
  void configsRejectBadValuesNamingThem() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new PoolConfig(0, 256, 2_000, 1_000));
    assertTrue(e.getMessage().contains("workers 0"), e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Limits.defaults().withTimeMillis(0));
    assertTrue(e.getMessage().contains("timeMillis 0"), e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> TestSpec.parse("{\"x\":1}"));
    assertTrue(e.getMessage().contains("[x]"), e.getMessage());
    assertEquals(Status.INSTRUCTION_LIMIT, Status.fromWord("instruction_limit"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
