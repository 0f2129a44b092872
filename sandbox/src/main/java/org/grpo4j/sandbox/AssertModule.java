package org.grpo4j.sandbox;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.SerializableCallable;
import org.mozilla.javascript.Undefined;

/**
 * The part of node's {@code assert} module that MultiPL-E's tests use, written in Java: {@code ok}, {@code equal},
 * {@code notEqual}, {@code strictEqual}, {@code notStrictEqual}, {@code deepEqual}, {@code notDeepEqual},
 * {@code deepStrictEqual}, {@code notDeepStrictEqual} and {@code throws}. Failures throw an {@code Error} named
 * {@code AssertionError}.
 */
final class AssertModule {
  static final String ERROR_NAME = "AssertionError";
  private static final int READONLY = ScriptableObject.READONLY | ScriptableObject.PERMANENT | ScriptableObject.DONTENUM;

  private final Scriptable scope;
  private final JsValues values;

  AssertModule(Scriptable scope, JsValues values) {
    this.scope = scope;
    this.values = values;
  }

  /** A fresh module object: callable as {@code assert(value)}, with read-only methods. */
  Scriptable create() {
    LambdaFunction module = fn("assert", 1, (cx, s, t, a) -> ok(cx, a));
    put(module, "ok", 1, (cx, s, t, a) -> ok(cx, a));
    put(module, "equal", 2, (cx, s, t, a) -> check(cx, a, ScriptRuntime.eq(arg(a, 0), arg(a, 1)), "==", true));
    put(module, "notEqual", 2, (cx, s, t, a) -> check(cx, a, !ScriptRuntime.eq(arg(a, 0), arg(a, 1)), "!=", false));
    put(module, "strictEqual", 2, (cx, s, t, a) -> check(cx, a, sameValue(arg(a, 0), arg(a, 1)), "===", true));
    put(module, "notStrictEqual", 2, (cx, s, t, a) -> check(cx, a, !sameValue(arg(a, 0), arg(a, 1)), "!==", false));
    put(module, "deepEqual", 2, (cx, s, t, a) -> check(cx, a, deep(a, false), "deepEqual", true));
    put(module, "notDeepEqual", 2, (cx, s, t, a) -> check(cx, a, !deep(a, false), "notDeepEqual", false));
    put(module, "deepStrictEqual", 2, (cx, s, t, a) -> check(cx, a, deep(a, true), "deepStrictEqual", true));
    put(module, "notDeepStrictEqual", 2, (cx, s, t, a) -> check(cx, a, !deep(a, true), "notDeepStrictEqual", false));
    put(module, "throws", 1, this::assertThrows);
    module.defineProperty("strict", module, READONLY);
    return module;
  }

  private Object ok(Context cx, Object[] a) {
    if (!ScriptRuntime.toBoolean(arg(a, 0))) {
      throw failure(cx, message(a, 1, "expected a truthy value, got " + values.describe(arg(a, 0))));
    }
    return Undefined.instance;
  }

  private Object check(Context cx, Object[] a, boolean holds, String op, boolean positive) {
    if (!holds) {
      String what = positive
          ? op + ": got " + values.describe(arg(a, 0)) + ", expected " + values.describe(arg(a, 1))
          : op + ": both are " + values.describe(arg(a, 0));
      throw failure(cx, message(a, 2, what));
    }
    return Undefined.instance;
  }

  private boolean deep(Object[] a, boolean strict) {
    return values.deepEqual(arg(a, 0), arg(a, 1), strict);
  }

  private Object assertThrows(Context cx, Scriptable s, Scriptable thisObj, Object[] a) {
    Object f = arg(a, 0);
    if (!(f instanceof Function)) {
      throw failure(cx, "throws: the first argument must be a function, got " + values.describe(f));
    }
    try {
      ((Function) f).call(cx, scope, scope, new Object[0]);
    } catch (RhinoException e) {
      return Undefined.instance; // it threw, as asserted
    }
    throw failure(cx, message(a, a.length > 2 ? 2 : 1, "throws: missing expected exception"));
  }

  private static boolean sameValue(Object x, Object y) {
    if (x instanceof Number && y instanceof Number) {
      double p = ((Number) x).doubleValue();
      double q = ((Number) y).doubleValue();
      return p == q || (Double.isNaN(p) && Double.isNaN(q));
    }
    return ScriptRuntime.shallowEq(x, y);
  }

  private static Object arg(Object[] a, int i) {
    return i < a.length ? a[i] : Undefined.instance;
  }

  private static String message(Object[] a, int i, String fallback) {
    Object m = arg(a, i);
    return m instanceof CharSequence ? m.toString() : fallback;
  }

  private JavaScriptException failure(Context cx, String message) {
    Scriptable err = cx.newObject(scope, "Error", new Object[] {message});
    ScriptableObject.putProperty(err, "name", ERROR_NAME);
    ScriptableObject.putProperty(err, "code", "ERR_ASSERTION");
    return new JavaScriptException(err, "assert", 0);
  }

  private LambdaFunction fn(String name, int arity, SerializableCallable body) {
    return new LambdaFunction(scope, name, arity, body);
  }

  private void put(LambdaFunction module, String name, int arity, SerializableCallable body) {
    module.defineProperty(name, fn(name, arity, body), READONLY);
  }
}
