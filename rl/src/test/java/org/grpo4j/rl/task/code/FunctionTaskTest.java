package org.grpo4j.rl.task.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Score;
import org.grpo4j.sandbox.Limits;
import org.grpo4j.sandbox.PoolConfig;
import org.grpo4j.sandbox.SandboxPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generated function problems: determinism, short easy prompts, worked solutions that pass, wrong ones that do not. */
class FunctionTaskTest {
  private static SandboxPool pool;
  private static CodeReward reward;

  @BeforeAll
  static void start() {
    pool = new SandboxPool(PoolConfig.defaults().withWorkers(2));
    reward = new CodeReward(pool, Limits.defaults());
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Test
  void problemIDependsOnlyOnSeedAndI() {
    FunctionTask a = new FunctionTask(FunctionTaskConfig.easy(7), reward);
    FunctionTask b = new FunctionTask(FunctionTaskConfig.easy(7), reward);
    assertEquals(a.trainProblem(123), b.trainProblem(123));
    assertEquals(a.trainProblem(5), new FunctionTask(FunctionTaskConfig.easy(7), reward).trainProblem(5));
    assertNotEquals(a.trainProblem(5).reference(), new FunctionTask(FunctionTaskConfig.easy(8), reward).trainProblem(5).reference());
    assertEquals(a.heldOut(), b.heldOut());
    Set<String> prompts = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      prompts.add(a.trainProblem(i).prompt());
    }
    assertTrue(prompts.size() >= 8, "varied prompts: " + prompts.size());
  }

  @Test
  void easyProblemsFitATinyContext() {
    FunctionTask task = new FunctionTask(FunctionTaskConfig.easy(1), reward);
    for (int i = 0; i < 200; i++) {
      Problem p = task.trainProblem(i);
      assertTrue(p.prompt().length() + p.solution().length() <= 96, p.prompt() + p.solution());
      assertTrue(p.prompt().startsWith("// ") && p.prompt().endsWith(") {"), p.prompt());
    }
    Problem add = null;
    for (int i = 0; add == null; i++) {
      Problem p = task.trainProblem(i);
      add = p.prompt().startsWith("// add(a, b)") ? p : null;
    }
    assertEquals("// add(a, b): return a + b\nfunction add(a, b) {", add.prompt());
    assertEquals("\n  return a + b;\n}", add.solution());
  }

  @Test
  void workedSolutionsSolveTheirProblemsAtEveryDifficulty() {
    for (Difficulty d : Difficulty.values()) {
      FunctionTask task = new FunctionTask(FunctionTaskConfig.easy(3).at(d, 2), reward);
      for (int i = 0; i < 25; i++) {
        Problem p = task.trainProblem(i);
        Score s = reward.score(p, p.solution());
        assertEquals("passed", s.status(), d + " " + p.prompt() + p.solution() + " -> " + s.detail());
        assertTrue(task.solved(p, p.solution()));
      }
    }
  }

  @Test
  void wrongAndHostileCompletionsScoreBelowOne() {
    FunctionTask task = new FunctionTask(FunctionTaskConfig.easy(3).at(Difficulty.MEDIUM, 1), reward);
    Problem p = task.trainProblem(0);
    Score wrong = reward.score(p, "\n  return 12345;\n}");
    assertTrue(wrong.reward() < 1.0, "a constant cannot pass every hidden case: " + wrong);
    assertEquals("failed", wrong.status());
    assertEquals("syntax_error", reward.score(p, "\n  return (;\n}").status());
    assertEquals("instruction_limit", reward.score(p, "\n  while (true) {}\n}").status());
    assertEquals(0.0, reward.score(p, "\n  while (true) {}\n}").reward(), 0.0);
    Score trailing = reward.score(p, p.solution() + "\n// then the model rambles (\nfunction f( {");
    assertEquals("passed", trailing.status(), "text after a stop token is cut");
  }

  @Test
  void examplesAppearInThePrompt() {
    Problem p = new FunctionTask(FunctionTaskConfig.easy(2).at(Difficulty.HARD, 3), reward).trainProblem(4);
    long exampleLines = p.prompt().lines().filter(l -> l.startsWith("// ") && l.contains(") == ")).count();
    assertEquals(3, exampleLines, p.prompt());
  }
}
