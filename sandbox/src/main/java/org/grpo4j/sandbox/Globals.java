package org.grpo4j.sandbox;

import java.util.SplittableRandom;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Undefined;

/** Builds a program's fresh global scope: Rhino's safe standard objects, {@code console}, {@code require}, a seeded {@code Math.random}. */
final class Globals {
  /** Rhino extras that a test program has no use for; removed from every scope. */
  private static final String[] REMOVED = {"Continuation", "JavaException", "Script", "With", "Call", "CallSite",
      "Packages", "java", "javax", "JavaAdapter", "JavaImporter", "getClass", "load", "print", "quit"};
  private static final int FIXED = ScriptableObject.READONLY | ScriptableObject.PERMANENT | ScriptableObject.DONTENUM;

  private Globals() {}

  /** A program's global scope and the value helper bound to it. */
  record Scope(ScriptableObject global, JsValues values) {}

  /** A new global scope for one program, printing into {@code budget} and drawing random numbers from {@code seed}. */
  static Scope create(Context cx, Budget budget, long seed) {
    ScriptableObject scope = cx.initSafeStandardObjects(null, false);
    for (String name : REMOVED) {
      scope.delete(name);
    }
    JsValues values = new JsValues(cx, scope, budget);
    Scriptable console = cx.newObject(scope);
    for (String name : new String[] {"log", "info", "warn", "error", "debug"}) {
      ScriptableObject.putProperty(console, name, new LambdaFunction(scope, name, 0,
          (c, s, t, args) -> {
            budget.print(format(values, args));
            return Undefined.instance;
          }));
    }
    ScriptableObject.defineProperty(scope, "console", console, ScriptableObject.DONTENUM);
    SplittableRandom random = new SplittableRandom(seed);
    Scriptable math = (Scriptable) ScriptableObject.getProperty(scope, "Math");
    ScriptableObject.putProperty(math, "random", new LambdaFunction(scope, "random", 0,
        (c, s, t, args) -> random.nextDouble()));
    AssertModule assertModule = new AssertModule(scope, values);
    ScriptableObject.defineProperty(scope, "require", new LambdaFunction(scope, "require", 1,
        (c, s, t, args) -> {
          String name = args.length == 0 ? "undefined" : ScriptRuntime.toString(args[0]);
          if (name.equals("assert") || name.equals("node:assert")
              || name.equals("assert/strict") || name.equals("node:assert/strict")) {
            return assertModule.create();
          }
          throw ScriptRuntime.constructError("Error", "Cannot find module '" + name + "' (only 'assert' is available)");
        }), FIXED);
    return new Scope(scope, values);
  }

  private static String format(JsValues values, Object[] args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      Object a = args[i];
      boolean plain = a instanceof CharSequence || a instanceof Number || a instanceof Boolean;
      sb.append(plain ? ScriptRuntime.toString(a) : values.describe(a));
    }
    return sb.toString();
  }
}
