package org.grpo4j.rl.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the value of {@code {{ x }}} as Python's {@code str(x)} does: {@code True}/{@code False}, floats as Python
 * prints them, lists and dicts as their Python repr ({@code ['a', None, True]}). An undefined value (and, as Jinjava
 * cannot tell them apart, {@code none}) writes nothing.
 */
final class PyExpressionStrategy implements ExpressionStrategy {
  private static final long serialVersionUID = 1L;

  @Override
  public RenderedOutputNode interpretOutput(ExpressionToken token, JinjavaInterpreter interpreter) {
    Object value = interpreter.resolveELExpression(token.getExpr(), token.getLineNumber());
    return new RenderedOutputNode(value == null ? "" : str(value));
  }

  /** Python's str() of a template value. */
  static String str(Object v) {
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Double || v instanceof Float) {
      return PyJson.pyFloat(((Number) v).doubleValue()).replace("Infinity", "inf").replace("NaN", "nan");
    }
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      StringBuilder out = new StringBuilder();
      repr(v, out);
      return out.toString();
    }
    return String.valueOf(v);
  }

  private static void repr(Object v, StringBuilder out) {
    if (v == null) {
      out.append("None");
    } else if (v instanceof CharSequence s) {
      string(s.toString(), out);
    } else if (v instanceof Map<?, ?> m) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        repr(e.getKey(), out);
        out.append(": ");
        repr(e.getValue(), out);
        out.append(it.hasNext() ? ", " : "");
      }
      out.append('}');
    } else if (v instanceof List<?> l) {
      out.append('[');
      for (int i = 0; i < l.size(); i++) {
        out.append(i > 0 ? ", " : "");
        repr(l.get(i), out);
      }
      out.append(']');
    } else {
      out.append(str(v));
    }
  }

  /** Python's repr of a str: single quotes unless it holds ' and no ". */
  private static void string(String s, StringBuilder out) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == quote || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append(quote);
  }
}
