package org.grpo4j.rl.task.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.sandbox.Limits;
import org.grpo4j.sandbox.PoolConfig;
import org.grpo4j.sandbox.SandboxPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSONL loading (MultiPL-E and cases forms), the problem-set task, and the verify library call. */
class CodeProblemsTest {
  // A MultiPL-E style line, written for this test: a prompt ending in the function's first line, node assert tests.
  private static final String MULTIPLE = "{\"name\":\"HumanEval_x_count_vowels\",\"language\":\"js\","
      + "\"prompt\":\"//Count the vowels in s.\\n// >>> count_vowels(\\\"banana\\\")\\n// 3\\nfunction count_vowels(s){\\n\","
      + "\"tests\":\"const assert = require('node:assert');\\n\\n\\nfunction test() {\\n  let candidate = count_vowels;\\n"
      + "  assert.deepEqual(candidate(\\\"banana\\\"),3);\\n  assert.deepEqual(candidate(\\\"xyz\\\"),0);\\n}\\n\\ntest();\","
      + "\"stop_tokens\":[\"\\nfunction \",\"\\n/*\",\"\\n//\",\"\\nconsole.log\"]}";
  private static final String CASES = "{\"name\":\"inc\",\"prompt\":\"// inc(x): x plus one\\nfunction inc(x) {\","
      + "\"entry_point\":\"inc\",\"cases\":[{\"args\":[1],\"expected\":2},{\"args\":[-1],\"expected\":0}],"
      + "\"solution\":\" return x + 1; }\"}";
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
  void loadsBothFormsAndScoresThem() throws Exception {
    List<Problem> problems = CodeProblems.readJsonl(new StringReader(MULTIPLE + "\n\n" + CASES + "\n"), "test.jsonl");
    assertEquals(2, problems.size());
    Problem vowels = problems.get(0);
    assertEquals("HumanEval_x_count_vowels", vowels.id());
    String good = "  let n = 0;\n  for (const c of s) if ('aeiou'.includes(c)) n++;\n  return n;\n}\n\nconsole.log(count_vowels('a'));";
    assertEquals("passed", reward.score(vowels, good).status());
    assertEquals("failed", reward.score(vowels, "  return 3;\n}").status());
    Problem inc = problems.get(1);
    assertEquals(" return x + 1; }", inc.solution());
    assertEquals(1.0, reward.score(inc, inc.solution()).reward(), 0.0);
    assertEquals(0.5, reward.score(inc, " return x * 2; }").reward(), 0.0);
  }

  @Test
  void aMalformedLineIsNamedByNumber() {
    String bad = CASES + "\n{\"name\":\"x\",\"prompt\":\"p\"}\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CodeProblems.readJsonl(new StringReader(bad), "bad.jsonl"));
    assertTrue(e.getMessage().startsWith("bad.jsonl line 2: "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CodeProblems.readJsonl(new StringReader("{oops\n"), "b.jsonl"));
    assertTrue(e.getMessage().startsWith("b.jsonl line 1: not JSON"), e.getMessage());
  }

  @Test
  void problemSetTaskVisitsEveryProblemOncePerPass() throws Exception {
    List<Problem> problems = CodeProblems.readJsonl(new StringReader(MULTIPLE + "\n" + CASES), "t");
    ProblemSetTask task = new ProblemSetTask("humaneval", problems, problems, 11, reward);
    for (int pass = 0; pass < 3; pass++) {
      assertEquals(Set2.of(problems), Set2.of(List.of(task.trainProblem(2L * pass), task.trainProblem(2L * pass + 1))));
    }
    assertEquals(task.trainProblem(17), new ProblemSetTask("h", problems, List.of(), 11, reward).trainProblem(17));
    assertEquals(problems, task.trainingSet().orElseThrow(), "the set checked against the context, in file order");
  }

  @Test
  void verifyWritesOneResultPerLineInOrder() throws Exception {
    String in = "{\"program\":\"function f(a) { return a * 2; }\",\"entry_point\":\"f\",\"cases\":[{\"args\":[2],\"expected\":4},"
        + "{\"args\":[3],\"expected\":7}]}\n"
        + "{\"program\":\"while (true) {}\",\"tests\":\"1;\"}\n"
        + "{\"prompt\":\"function g() {\",\"completion\":\" return 1; }\\n//junk\",\"stop_tokens\":[\"\\n//\"],"
        + "\"tests\":\"require('assert').equal(g(), 1)\"}\n";
    StringWriter out = new StringWriter();
    CodeVerifier.Summary s = CodeVerifier.verify(new StringReader(in), out, pool, Limits.defaults());
    String[] lines = out.toString().split("\n");
    assertEquals(3, lines.length);
    assertEquals("{\"reward\":0.5,\"status\":\"failed\",\"passed\":1,\"total\":2}", lines[0]);
    assertEquals("{\"reward\":0.0,\"status\":\"instruction_limit\",\"passed\":0,\"total\":1}", lines[1]);
    assertEquals("{\"reward\":1.0,\"status\":\"passed\",\"passed\":1,\"total\":1}", lines[2]);
    assertEquals(new CodeVerifier.Summary(3, 1, 0.5), s);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CodeVerifier.verify(new StringReader("\n{\"program\":\"1\"}\n"), new StringWriter(), pool, Limits.defaults()));
    assertTrue(e.getMessage().startsWith("line 2: "), e.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> CodeVerifier.verify(
        new StringReader("{\"program\":\"\",\"tests\":\" \"}\n"), new StringWriter(), pool, Limits.defaults()));
    assertTrue(empty.getMessage().startsWith("line 1: tests: 'tests' is empty"), empty.getMessage());
  }

  /** Sets of problem ids. */
  private static final class Set2 {
    static java.util.Set<String> of(List<Problem> ps) {
      return new java.util.TreeSet<>(ps.stream().map(Problem::id).toList());
    }
  }
}
