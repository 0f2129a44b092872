package org.grpo4j.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Symbol;
import org.mozilla.javascript.Undefined;

/**
 * JavaScript values seen from Java: JSON to values, deep equality (node's {@code deepEqual} and
 * {@code deepStrictEqual}, computed in Java so that a program cannot patch it), and short descriptions.
 * Only own properties are read, so a polluted prototype does not change a comparison.
 */
final class JsValues {
  private static final int MAX_DEPTH = 500;
  private static final int DESCRIBE_CHARS = 160;

  private final Context cx;
  private final Scriptable scope;
  private final Budget budget;
  private final Function arrayFrom;

  /** Captures {@code Array.from} now, before any program code can replace it. */
  JsValues(Context cx, Scriptable scope, Budget budget) {
    this.cx = cx;
    this.scope = scope;
    this.budget = budget;
    Object array = ScriptableObject.getProperty(scope, "Array");
    this.arrayFrom = (Function) ScriptableObject.getProperty((Scriptable) array, "from");
  }

  /** A JavaScript value for a JSON value: objects, arrays, strings, numbers (as doubles), booleans, null. */
  Object fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isArray()) {
      Object[] items = new Object[node.size()];
      for (int i = 0; i < items.length; i++) {
        items[i] = fromJson(node.get(i));
      }
      return cx.newArray(scope, items);
    }
    if (node.isObject()) {
      Scriptable obj = cx.newObject(scope);
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        obj.put(f.getKey(), obj, fromJson(f.getValue()));
      }
      return obj;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.asText();
  }

  /** Deep equality; {@code strict} compares primitives by type and value and objects by prototype too. */
  boolean deepEqual(Object a, Object b, boolean strict) {
    return equal(a, b, strict, 0);
  }

  private boolean equal(Object a, Object b, boolean strict, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    if (a == b) {
      return true;
    }
    boolean aObj = a instanceof Scriptable && !(a instanceof Symbol);
    boolean bObj = b instanceof Scriptable && !(b instanceof Symbol);
    if (!aObj || !bObj) {
      if (aObj || bObj) {
        return !strict && ScriptRuntime.eq(a, b);
      }
      return primitiveEqual(a, b, strict);
    }
    if ((depth & 63) == 0) {
      budget.checkTimeAndMemory();
    }
    Scriptable x = (Scriptable) a;
    Scriptable y = (Scriptable) b;
    if (x instanceof Function || y instanceof Function) {
      return false;
    }
    if (strict && x.getPrototype() != y.getPrototype()) {
      return false;
    }
    String cls = x.getClassName();
    if (!cls.equals(y.getClassName())) {
      return false;
    }
    switch (cls) {
      case "Date":
        return primitiveEqual(Context.toNumber(x), Context.toNumber(y), true);
      case "RegExp":
        return Context.toString(x).equals(Context.toString(y));
      case "Map":
      case "Set":
        return equal(arrayFrom.call(cx, scope, scope, new Object[] {x}),
            arrayFrom.call(cx, scope, scope, new Object[] {y}), strict, depth + 1);
      default:
        break;
    }
    if (x instanceof NativeArray || y instanceof NativeArray) {
      if (!(x instanceof NativeArray) || !(y instanceof NativeArray)) {
        return false;
      }
      long n = ((NativeArray) x).getLength();
      if (n != ((NativeArray) y).getLength()) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (!equal(own(x, i), own(y, i), strict, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    Object[] xs = ownKeys(x);
    if (xs.length != ownKeys(y).length) {
      return false;
    }
    for (Object id : xs) {
      boolean has = id instanceof Integer ? y.has((Integer) id, y) : y.has(id.toString(), y);
      if (!has || !equal(own(x, id), own(y, id), strict, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  private static boolean primitiveEqual(Object a, Object b, boolean strict) {
    if (a instanceof Number && b instanceof Number && !(a instanceof BigInteger) && !(b instanceof BigInteger)) {
      double p = ((Number) a).doubleValue();
      double q = ((Number) b).doubleValue();
      return p == q || (Double.isNaN(p) && Double.isNaN(q));
    }
    if (a instanceof CharSequence && b instanceof CharSequence) {
      return a.toString().equals(b.toString());
    }
    if (strict) {
      if (a == null || b == null || a instanceof Undefined || b instanceof Undefined) {
        return a == b;
      }
      return a.getClass() == b.getClass() && a.equals(b);
    }
    return ScriptRuntime.eq(a, b);
  }

  private static Object[] ownKeys(Scriptable s) {
    return s instanceof ScriptableObject ? ((ScriptableObject) s).getIds() : s.getIds();
  }

  private static Object own(Scriptable s, Object id) {
    Object v = id instanceof Integer ? s.get((Integer) id, s) : s.get(id.toString(), s);
    return v == Scriptable.NOT_FOUND ? Undefined.instance : v;
  }

  /** A short JSON-like description of a value for messages: at most {@value #DESCRIBE_CHARS} characters. */
  String describe(Object value) {
    StringBuilder sb = new StringBuilder();
    describe(value, sb, 0);
    return sb.length() > DESCRIBE_CHARS ? sb.substring(0, DESCRIBE_CHARS - 3) + "..." : sb.toString();
  }

  private void describe(Object v, StringBuilder sb, int depth) {
    if (sb.length() > DESCRIBE_CHARS) {
      return;
    }
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Undefined || v == Scriptable.NOT_FOUND) {
      sb.append("undefined");
    } else if (v instanceof CharSequence) {
      String s = v.toString();
      sb.append('"').append(s.length() > DESCRIBE_CHARS ? s.substring(0, DESCRIBE_CHARS) : s).append('"');
    } else if (v instanceof Number && !(v instanceof BigInteger)) {
      sb.append(ScriptRuntime.toString(((Number) v).doubleValue()));
    } else if (v instanceof Function) {
      sb.append("[function]");
    } else if (v instanceof NativeArray) {
      if (depth > 3) {
        sb.append("[...]");
        return;
      }
      NativeArray arr = (NativeArray) v;
      sb.append('[');
      for (int i = 0; i < arr.getLength() && sb.length() <= DESCRIBE_CHARS; i++) {
        sb.append(i == 0 ? "" : ",");
        describe(own(arr, i), sb, depth + 1);
      }
      sb.append(']');
    } else if (v instanceof ScriptableObject && "Object".equals(((Scriptable) v).getClassName())) {
      if (depth > 3) {
        sb.append("{...}");
        return;
      }
      Scriptable obj = (Scriptable) v;
      sb.append('{');
      Object[] ids = ownKeys(obj);
      for (int i = 0; i < ids.length && sb.length() <= DESCRIBE_CHARS; i++) {
        sb.append(i == 0 ? "" : ",").append('"').append(ids[i]).append("\":");
        describe(own(obj, ids[i]), sb, depth + 1);
      }
      sb.append('}');
    } else if (v instanceof Scriptable && !(v instanceof Symbol)) {
      sb.append('[').append(((Scriptable) v).getClassName()).append(']');
    } else {
      sb.append(v instanceof BigInteger ? v + "n" : String.valueOf(v));
    }
  }
}
