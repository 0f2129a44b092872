package org.grpo4j.sandbox;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * Runs one program and its tests in the current thread, inside a worker process: a fresh global scope, the
 * limits enforced by the instruction observer, and every failure turned into a {@link SandboxResult}.
 */
final class JsRunner {
  private static final int MESSAGE_CHARS = 300;
  private final SandboxContextFactory factory = new SandboxContextFactory();

  /** Runs {@code program}; never throws except for {@link VirtualMachineError}s other than memory and stack ones. */
  SandboxResult run(Program program) {
    Budget budget = new Budget(program.limits());
    Context cx = factory.enterContext();
    Tally tally = new Tally(program.tests().total());
    try {
      cx.setMaximumInterpreterStackDepth(program.limits().stackDepth());
      Globals.Scope scope = Globals.create(cx, budget, program.seed());
      cx.putThreadLocal(SandboxContextFactory.BUDGET_KEY, budget);
      Script script;
      try {
        script = compile(cx, program.source());
      } catch (EvaluatorException e) {
        return tally.result(Status.SYNTAX_ERROR, "syntax error: " + describe(e), budget);
      } catch (StackOverflowError e) {
        return tally.result(Status.SYNTAX_ERROR, "syntax error: nested too deeply to parse", budget);
      }
      script.exec(cx, scope.global());
      if (program.tests() instanceof TestSpec.Script s) {
        return runScript(cx, scope, s, tally, budget);
      }
      return runCases(cx, scope, (TestSpec.Cases) program.tests(), tally, budget);
    } catch (Abort e) {
      return tally.result(e.status(), e.getMessage(), budget);
    } catch (StackOverflowError e) {
      return tally.result(Status.RUNTIME_ERROR, "RangeError: stack overflow", budget);
    } catch (OutOfMemoryError e) {
      return tally.result(Status.MEMORY_LIMIT, "out of memory", budget);
    } catch (RhinoException e) {
      return tally.result(Status.RUNTIME_ERROR, describe(e), budget);
    } catch (RuntimeException e) {
      return tally.result(Status.RUNTIME_ERROR, "internal error: " + e, budget);
    } finally {
      cx.removeThreadLocal(SandboxContextFactory.BUDGET_KEY);
      Context.exit();
    }
  }

  private static Script compile(Context cx, String source) {
    try {
      return cx.compileString(source, "program.js", 1, null);
    } catch (EvaluatorException e) {
      String shimmed = SourceShim.rewrite(source);
      if (shimmed == null) {
        throw e;
      }
      try {
        return cx.compileString(shimmed, "program.js", 1, null);
      } catch (EvaluatorException ignored) {
        throw e; // report the original program's error
      }
    }
  }

  private SandboxResult runScript(Context cx, Globals.Scope scope, TestSpec.Script tests, Tally tally, Budget budget) {
    Script script;
    try {
      // A function around the tests keeps their declarations (test, candidate) out of reach of the program.
      script = cx.compileString("(function () {" + tests.tests() + "\n})();", "tests.js", 1, null);
    } catch (EvaluatorException e) {
      return tally.result(Status.SANDBOX_ERROR, "tests do not parse: " + describe(e), budget);
    }
    try {
      script.exec(cx, scope.global());
      tally.passed = 1;
      return tally.result(Status.PASSED, "", budget);
    } catch (JavaScriptException e) {
      return tally.result(isAssertion(e) ? Status.FAILED : Status.RUNTIME_ERROR, describe(e), budget);
    }
  }

  private SandboxResult runCases(Context cx, Globals.Scope scope, TestSpec.Cases tests, Tally tally, Budget budget) {
    Object f = ScriptableObject.getProperty(scope.global(), tests.entryPoint());
    if (!(f instanceof Function)) {
      return tally.result(Status.RUNTIME_ERROR, "entry point '" + tests.entryPoint() + "' is not a function", budget);
    }
    Status firstFailure = null;
    String message = "";
    for (int i = 0; i < tests.cases().size(); i++) {
      TestSpec.Case c = tests.cases().get(i);
      Object[] args = new Object[c.args().size()];
      for (int j = 0; j < args.length; j++) {
        args[j] = scope.values().fromJson(c.args().get(j));
      }
      Object expected = scope.values().fromJson(c.expected());
      try {
        Object got = ((Function) f).call(cx, scope.global(), scope.global(), args);
        if (scope.values().deepEqual(got, expected, true)) {
          tally.passed++;
        } else if (firstFailure == null) {
          firstFailure = Status.FAILED;
          message = "case " + i + ": got " + scope.values().describe(got) + ", expected " + c.expected();
        }
      } catch (RhinoException e) {
        if (firstFailure == null) {
          firstFailure = Status.RUNTIME_ERROR;
          message = "case " + i + ": " + describe(e);
        }
      }
    }
    return tally.result(firstFailure == null ? Status.PASSED : firstFailure, message, budget);
  }

  private static boolean isAssertion(JavaScriptException e) {
    Object v = e.getValue();
    return v instanceof Scriptable
        && AssertModule.ERROR_NAME.equals(String.valueOf(ScriptableObject.getProperty((Scriptable) v, "name")));
  }

  private static String describe(RhinoException e) {
    String d = e.details();
    if (e.lineNumber() > 0) {
      d = d + " (" + e.sourceName() + ":" + e.lineNumber() + ")";
    }
    return d.length() > MESSAGE_CHARS ? d.substring(0, MESSAGE_CHARS) + "..." : d;
  }

  /** Counts passed tests as they run, so that a limit hit half-way still reports what passed before it. */
  private static final class Tally {
    private final int total;
    private int passed;

    Tally(int total) {
      this.total = total;
    }

    SandboxResult result(Status status, String message, Budget budget) {
      double reward = total == 0 ? 0.0 : (double) passed / total;
      String m = message.length() > MESSAGE_CHARS ? message.substring(0, MESSAGE_CHARS) + "..." : message;
      return new SandboxResult(reward, status, passed, total, m, budget.output());
    }
  }
}
