package org.grpo4j.rl.chat;

/**
 * Jinja2 string literals for Jinjava: Jinja2 decodes a literal's backslash escapes as Python does
 * ({@code \x41}, {@code \u00e9}, {@code \N{name}}, octal, {@code \a}, {@code \v}; an unknown escape keeps its
 * backslash), while Jinjava knows only a few and rejects the rest. A literal with a backslash is decoded here and
 * written back with only the escapes Jinjava reads the same way ({@code \\}, the quote, {@code \n}, {@code \r},
 * {@code \t}); every other character is written as itself, so line numbers do not move.
 */
final class PyStringLiteral {

  private PyStringLiteral() {}

  /** The literal {@code quoted} (with its quotes) rewritten for Jinjava; unchanged if it has no backslash. */
  static String forJinjava(String quoted) {
    if (quoted.indexOf('\\') < 0 || quoted.length() < 2) {
      return quoted;
    }
    char quote = quoted.charAt(0);
    String value = decode(quoted.substring(1, quoted.length() - 1));
    StringBuilder out = new StringBuilder(quoted.length()).append(quote);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == quote) {
            out.append('\\');
          }
          out.append(c);
        }
      }
    }
    return out.append(quote).toString();
  }

  /** Python's unicode-escape decoding of a literal's body. */
  static String decode(String body) {
    StringBuilder out = new StringBuilder(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 >= body.length()) {
        out.append(c);
        i++;
        continue;
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case '\n' -> { }
        case '\\' -> out.append('\\');
        case '\'' -> out.append('\'');
        case '"' -> out.append('"');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case 'x' -> i = hex(body, i, 2, out);
        case 'u' -> i = hex(body, i, 4, out);
        case 'U' -> i = hex(body, i, 8, out);
        case 'N' -> i = named(body, i, out);
        default -> {
          if (e >= '0' && e <= '7') {
            int end = i - 1;
            while (end < body.length() && end < i + 2 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
              end++;
            }
            out.appendCodePoint(Integer.parseInt(body.substring(i - 1, end), 8));
            i = end;
          } else {
            out.append('\\').append(e);
          }
        }
      }
    }
    return out.toString();
  }

  private static int hex(String body, int at, int digits, StringBuilder out) {
    if (at + digits > body.length() || !body.substring(at, at + digits).matches("[0-9a-fA-F]+")) {
      throw new ChatTemplateException("chat template string literal has a truncated \\"
          + (digits == 2 ? "x" : digits == 4 ? "u" : "U") + " escape near '" + body + "'");
    }
    int cp = (int) Long.parseLong(body.substring(at, at + digits), 16);
    if (!Character.isValidCodePoint(cp)) {
      throw new ChatTemplateException("chat template string literal escapes an invalid code point " + cp);
    }
    out.appendCodePoint(cp);
    return at + digits;
  }

  private static int named(String body, int at, StringBuilder out) {
    int close = body.indexOf('}', at);
    if (at >= body.length() || body.charAt(at) != '{' || close < 0) {
      throw new ChatTemplateException("chat template string literal has a malformed \\N{...} escape");
    }
    String name = body.substring(at + 1, close);
    try {
      out.appendCodePoint(Character.codePointOf(name));
    } catch (IllegalArgumentException e) {
      throw new ChatTemplateException("chat template string literal names an unknown character \\N{" + name + "}");
    }
    return close + 1;
  }
}
