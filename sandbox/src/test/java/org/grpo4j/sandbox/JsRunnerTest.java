package org.grpo4j.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The runner in-process (the pool runs the same code in workers): test forms, rewards, statuses, assert and determinism. */
class JsRunnerTest {
  private final JsRunner runner = new JsRunner();
  /** The default limits with a generous clock: these programs are short, and a loaded machine must not fail them. */
  private static final Limits LIMITS = Limits.defaults().withTimeMillis(60_000);

  private SandboxResult cases(String source, String json) {
    return runner.run(new Program(source, TestSpec.parse(json), LIMITS, 0L));
  }

  private SandboxResult script(String source, String tests) {
    return runner.run(new Program(source, new TestSpec.Script(tests), LIMITS, 0L));
  }

  @Test
  void casesRewardIsTheFractionPassed() {
    String tests = "{\"entry_point\":\"f\",\"cases\":[{\"args\":[1,2],\"expected\":3},{\"args\":[2,2],\"expected\":4},"
        + "{\"args\":[0,5],\"expected\":6},{\"args\":[[1],{\"a\":2}],\"expected\":\"1[object Object]\"}]}";
    SandboxResult r = cases("function f(a, b) { return a + b; }", tests);
    assertEquals(Status.FAILED, r.status());
    assertEquals(3, r.passed());
    assertEquals(4, r.total());
    assertEquals(0.75, r.reward(), 0.0);
    assertTrue(r.message().startsWith("case 2: got 5, expected 6"), r.message());
  }

  @Test
  void casesCompareArraysAndObjectsDeeplyAndStrictly() {
    String tests = "{\"entry_point\":\"g\",\"cases\":[{\"args\":[3],\"expected\":{\"xs\":[0,1,2],\"n\":\"3\"}}]}";
    assertEquals(Status.PASSED, cases("function g(n) { return {xs: [...Array(n).keys()], n: String(n)}; }", tests).status());
    SandboxResult loose = cases("function g(n) { return {xs: [0, 1, 2], n: n}; }", tests);
    assertEquals(Status.FAILED, loose.status(), "3 is not \"3\" under strict equality");
    assertEquals(0.0, loose.reward(), 0.0);
  }

  @Test
  void aThrowingCaseIsARuntimeErrorAndTheOthersStillCount() {
    String tests = "{\"entry_point\":\"f\",\"cases\":[{\"args\":[0],\"expected\":0},{\"args\":[1],\"expected\":1}]}";
    SandboxResult r = cases("function f(x) { if (x === 0) { throw new Error('zero'); } return x; }", tests);
    assertEquals(Status.RUNTIME_ERROR, r.status());
    assertEquals(1, r.passed());
    assertTrue(r.message().contains("zero"), r.message());
  }

  @Test
  void missingEntryPointAndSyntaxErrors() {
    String tests = "{\"entry_point\":\"f\",\"cases\":[{\"args\":[],\"expected\":1}]}";
    assertEquals(Status.RUNTIME_ERROR, cases("function g() { return 1; }", tests).status());
    SandboxResult syntax = cases("function f() { return 1;", tests);
    assertEquals(Status.SYNTAX_ERROR, syntax.status());
    assertEquals(0.0, syntax.reward(), 0.0);
    assertEquals(Status.SANDBOX_ERROR, script("function f() {}", "f(").status(), "tests that do not parse are not the program's fault");
  }

  @Test
  void multiPlEScriptsPassOrFailWithAssertionError() {
    String tests = "const assert = require('node:assert');\nfunction test() {\n  let candidate = add;\n"
        + "  assert.deepEqual(candidate(2, 3), 5);\n  assert.deepEqual(candidate(1, 1), 2);\n}\n\ntest();";
    SandboxResult ok = script("function add(a, b) {\n  return a + b;\n}", tests);
    assertEquals(Status.PASSED, ok.status());
    assertEquals(1.0, ok.reward(), 0.0);
    SandboxResult wrong = script("function add(a, b) {\n  return a * b;\n}", tests);
    assertEquals(Status.FAILED, wrong.status());
    assertTrue(wrong.message().contains("AssertionError"), wrong.message());
    assertEquals(Status.RUNTIME_ERROR, script("function add(a, b) { return a.b.c; }", tests).status());
  }

  @Test
  void assertFunctionsFollowNode() {
    String[] passing = {"assert.deepEqual([1, '2'], [1, 2])", "assert.deepStrictEqual({a: [1, {b: null}]}, {a: [1, {b: null}]})",
        "assert.equal(1, '1')", "assert.strictEqual(NaN, NaN)", "assert.notEqual(1, 2)", "assert.ok(1)", "assert(true)",
        "assert.throws(() => { throw new Error('x'); })", "assert.notDeepStrictEqual([1], ['1'])",
        "assert.deepEqual(new Map([[1, [2]]]), new Map([[1, [2]]]))", "require('assert').strict.equal(2, 2)"};
    for (String check : passing) {
      assertEquals(Status.PASSED, script("const assert = require('assert');", check).status(), check);
    }
    String[] failing = {"assert.deepStrictEqual([1, '2'], [1, 2])", "assert.strictEqual(1, '1')", "assert.ok(0)",
        "assert.throws(() => 1)", "assert.deepEqual([1, 2], [1, 2, 3])", "assert.deepEqual({a: 1}, {b: 1})",
        "assert.deepEqual(new Map([[1, 2]]), new Map([[1, 3]]))", "assert.notDeepEqual([1], [1])"};
    for (String check : failing) {
      assertEquals(Status.FAILED, script("const assert = require('assert');", check).status(), check);
    }
  }

  @Test
  void aProgramCannotDisarmTheTests() {
    String tests = "const assert = require('node:assert');\nfunction test() { assert.deepEqual(f(), [2]); }\ntest();";
    String[] cheats = {"function f() { return [1]; } require = () => ({deepEqual() {}});",
        "function f() { return [1]; } Object.defineProperty(this, 'test', {value: () => {}, writable: false});",
        "function f() { return [1]; } Array.prototype[0] = 2; Object.prototype.deepEqual = () => {};"};
    for (String cheat : cheats) {
      assertTrue(script(cheat, tests).reward() == 0.0, cheat);
    }
  }

  @Test
  void outputIsCapturedAndRandomIsSeeded() {
    SandboxResult r = script("console.log('x', 1, [1, 2], {a: 'b'}, null);", "");
    assertEquals("x 1 [1,2] {\"a\":\"b\"} null\n", r.output());
    String src = "console.log(Math.random(), Math.random());";
    assertEquals(script(src, "").output(), script(src, "").output());
    String other = runner.run(new Program(src, new TestSpec.Script(""), LIMITS, 1)).output();
    assertTrue(!other.equals(script(src, "").output()), "another seed draws other numbers");
  }

  @Test
  void forConstLoopsRunThroughTheShim() {
    String tests = "{\"entry_point\":\"sum\",\"cases\":[{\"args\":[[1,2,3]],\"expected\":6}]}";
    assertEquals(Status.PASSED, cases("function sum(xs) { let s = 0; for (const x of xs) { s += x; } return s; }", tests).status());
    assertEquals(Status.PASSED, cases("function sum(xs) { let s = 0; for (const i in xs) { s += xs[i]; } return s; }", tests).status());
  }

  @Test
  void unsupportedSyntaxIsASyntaxErrorNotACrash() {
    String[] gaps = {"class A { constructor() { this.x = 1; } }", "async function f() { return 1; }",
        "const {a, ...rest} = {a: 1, b: 2};", "Math.max(...[1, 2, 3]);", "const [x, ...xs] = [1, 2, 3];"};
    for (String gap : gaps) {
      assertEquals(Status.SYNTAX_ERROR, script(gap, "").status(), gap);
    }
  }
}
