package org.grpo4j.rl.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} as transformers' {@code tojson} filter calls it: separators {@code ", "} and
 * {@code ": "} (or {@code ","} and newlines with {@code indent}), keys in insertion order unless sorted, non-ASCII
 * kept unless {@code ensureAscii}, and no HTML escaping (unlike Jinja2's built-in tojson).
 */
final class PyJson {

  private PyJson() {}

  /** The JSON text of {@code value}; {@code indent} null is compact, {@code separators} null is Python's default. */
  static String dumps(Object value, Integer indent, List<String> separators, boolean sortKeys, boolean ensureAscii) {
    String item = separators != null ? separators.get(0) : indent == null ? ", " : ",";
    String key = separators != null ? separators.get(1) : ": ";
    StringBuilder out = new StringBuilder();
    write(value, indent, item, key, sortKeys, ensureAscii, 0, out);
    return out.toString();
  }

  private static void write(Object v, Integer indent, String item, String key, boolean sort, boolean ascii,
      int level, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof java.math.BigInteger) {
      out.append(v);
    } else if (v instanceof Number n) {
      out.append(pyFloat(n.doubleValue()));
    } else if (v instanceof CharSequence s) {
      string(s.toString(), ascii, out);
    } else if (v instanceof Map<?, ?> m) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
      if (sort) {
        entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
      }
      container('{', '}', entries.size(), indent, item, level, out, i -> {
        string(String.valueOf(entries.get(i).getKey()), ascii, out);
        out.append(key);
        write(entries.get(i).getValue(), indent, item, key, sort, ascii, level + 1, out);
      });
    } else if (v instanceof Iterable<?> it) {
      List<Object> list = new ArrayList<>();
      it.forEach(list::add);
      container('[', ']', list.size(), indent, item, level, out,
          i -> write(list.get(i), indent, item, key, sort, ascii, level + 1, out));
    } else {
      throw new IllegalArgumentException("tojson: a " + v.getClass().getSimpleName() + " is not JSON serializable");
    }
  }

  private static void container(char open, char close, int n, Integer indent, String item, int level,
      StringBuilder out, java.util.function.IntConsumer element) {
    out.append(open);
    if (n == 0) {
      out.append(close);
      return;
    }
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(item);
      }
      if (indent != null) {
        out.append('\n').append(" ".repeat(indent * (level + 1)));
      }
      element.accept(i);
    }
    if (indent != null) {
      out.append('\n').append(" ".repeat(indent * level));
    }
    out.append(close);
  }

  private static void string(String s, boolean ascii, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || ascii && c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Python's repr of a float: shortest digits, exponent written as e+XX / e-XX outside [1e-4, 1e16). */
  static String pyFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    java.math.BigDecimal b = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
    double abs = Math.abs(d);
    if (d == 0 || abs >= 1e-4 && abs < 1e16) {
      String plain = b.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String digits = b.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - b.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
        + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
  }
}
