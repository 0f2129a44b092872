package org.grpo4j.rl.chat;

/**
 * The {@code is} tests of {@link Jinja2Syntax}: {@code X is [not] NAME [ARG]} becomes
 * {@code __py_test(NEGATED, 'NAME', X, ARG)} over the whole operand X, so tests bind as tightly as Jinja2 binds them.
 */
final class Jinja2Tests {

  private Jinja2Tests() {}

  /**
   * Rewrites {@code OPERAND is [not] NAME [ARG]} ({@code is} already read, {@code at} just after it) into
   * {@code __py_test(NEGATED, 'NAME', OPERAND, ARG)}, where OPERAND is everything since {@code exprStart} in
   * {@code out}; returns where the source continues. ARG is a parenthesized argument list's single argument, or one
   * literal or dotted name ({@code is divisibleby 2}, {@code is equalto 'user'}).
   */
  static int rewrite(String src, int at, StringBuilder out, int exprStart) {
    int i = skipSpaces(src, at);
    boolean negated = false;
    int end = word(src, i);
    if (src.substring(i, end).equals("not")) {
      negated = true;
      i = skipSpaces(src, end);
      end = word(src, i);
    }
    String name = src.substring(i, end);
    if (name.isEmpty()) {
      throw new ChatTemplateException("chat template has 'is' without a test name near '" + src.substring(at,
          Math.min(src.length(), at + 20)) + "'");
    }
    i = end;
    String arg = Jinja2Syntax.NO_ARGUMENT;
    int next = skipSpaces(src, i);
    if (next < src.length() && src.charAt(next) == '(') {
      int close = next + 1;
      int depth = 1;
      while (close < src.length() && depth > 0) {
        char c = src.charAt(close);
        if (c == '\'' || c == '"') {
          close = Jinja2Syntax.endOfString(src, close);
          continue;
        }
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        close++;
      }
      String inner = src.substring(next + 1, close - 1).trim();
      arg = inner.isEmpty() ? Jinja2Syntax.NO_ARGUMENT : PyStringLiteral.forJinjava(inner);
      i = close;
    } else if (next < src.length() && (src.charAt(next) == '\'' || src.charAt(next) == '"')) {
      int close = Jinja2Syntax.endOfString(src, next);
      arg = PyStringLiteral.forJinjava(src.substring(next, close));
      i = close;
    } else if (next < src.length() && (Character.isLetterOrDigit(src.charAt(next)) || src.charAt(next) == '-')) {
      int close = next + 1;
      while (close < src.length() && (Character.isLetterOrDigit(src.charAt(close)) || src.charAt(close) == '_'
          || src.charAt(close) == '.')) {
        close++;
      }
      String candidate = src.substring(next, close);
      if (!Jinja2Syntax.KEYWORDS.contains(candidate) && !candidate.equals("-")) {
        arg = candidate;
        i = close;
      }
    }
    String operand = out.substring(exprStart).replaceAll("[ \t]+$", ""); // trailing newlines stay: line numbers
    if (operand.isBlank()) {
      throw new ChatTemplateException("chat template has 'is " + name + "' without a value before it");
    }
    out.setLength(exprStart);
    out.append(Jinja2Syntax.TEST_FUNCTION).append('(').append(negated).append(", '").append(name).append("', ").append(operand)
        .append(", ").append(arg).append(')');
    return i;
  }

  private static int skipSpaces(String src, int i) {
    while (i < src.length() && Character.isWhitespace(src.charAt(i)) && src.charAt(i) != '\n') {
      i++;
    }
    return i;
  }

  private static int word(String src, int i) {
    int end = i;
    while (end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) {
      end++;
    }
    return end;
  }
}
