package org.grpo4j.rl.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Rewrites the Jinja2 syntax Jinjava cannot parse into calls it can, without changing what the template means.
 *
 * <p>Slices: inside {@code {{ }}} and {@code {% %}}, every subscript {@code X[a:b:c]} holding a colon at the
 * bracket's own level becomes {@code __py_slice(X, a, b, c)} (an omitted part becomes {@code none}), where X is the
 * whole postfix chain before the bracket (a name with its attributes, calls and subscripts, a literal, or a
 * parenthesized expression). In Jinja2's grammar a colon directly inside square brackets can only be a slice (list
 * literals separate items by commas, dict literals use braces), and a subscript binds tighter than any operator, so
 * the rewrite touches exactly the slices and keeps their operands; {@link PySlice} applies them with Python's
 * rules.
 *
 * <p>{@code .strip()}, {@code .split()} and their l/r forms become {@code .strip(none)} and so on (Python's default
 * argument written out), because Jinjava would otherwise call Java's String method of that name.
 *
 * <p>Tests: {@code X is [not] NAME [ARG]} becomes {@code __py_test(NEGATED, 'NAME', X, ARG)}, X being the operand
 * with its filters ({@code messages | length is divisibleby 2}). In Jinja2 a test binds as tightly as a filter, so
 * {@code not x is defined} is {@code not (x is defined)}; Jinjava binds {@code not} first (giving
 * {@code (not x) is defined}, always true) and cannot parse a test after a filter.
 *
 * <p>One line break at the very end of the template is dropped, as Jinja2's lexer does by default.
 *
 * <p>String literals with backslash escapes are decoded as Jinja2 decodes them and re-escaped for Jinjava (see
 * {@link PyStringLiteral}).
 *
 * <p>Keyword arguments: inside parentheses, {@code name=value} becomes {@code name=(value)} up to the next comma or
 * the closing parenthesis (not in a {@code {% macro %}} header, whose defaults Jinjava parses itself). Jinja2 parses a keyword argument's value as a whole expression, Jinjava binds {@code =}
 * tighter than arithmetic ({@code namespace(i=xs|length - 1)} would subtract 1 from the named parameter), and
 * parentheses around a whole expression change nothing in Jinja2. Text outside tags, comments, string literals and
 * {@code {% raw %}} blocks is copied unchanged, and no line break is added or removed, so error line numbers stay.
 */
final class Jinja2Syntax {

  /** The function name slices are rewritten to. */
  static final String SLICE_FUNCTION = "__py_slice";
  /** The function name {@code is} tests are rewritten to. */
  static final String TEST_FUNCTION = "__py_test";
  /** The argument written for a test that has none. */
  static final String NO_ARGUMENT = "'__py_no_argument'";

  private Jinja2Syntax() {}

  /** The template rewritten for Jinjava; like Jinja2 (keep_trailing_newline off), one final line break is dropped. */
  static String rewrite(String template) {
    String src = template.endsWith("\r\n") ? template.substring(0, template.length() - 2)
        : template.endsWith("\n") || template.endsWith("\r") ? template.substring(0, template.length() - 1) : template;
    StringBuilder out = new StringBuilder(src.length() + 64);
    int i = 0;
    while (i < src.length()) {
      int open = nextOpening(src, i);
      if (open < 0) {
        out.append(src, i, src.length());
        break;
      }
      out.append(src, i, open);
      char kind = src.charAt(open + 1);
      if (kind == '#') {
        int end = src.indexOf("#}", open + 2);
        end = end < 0 ? src.length() : end + 2;
        out.append(src, open, end);
        i = end;
      } else if (kind == '%' && isRaw(src, open)) {
        int end = endOfRaw(src, open);
        out.append(src, open, end);
        i = end;
      } else {
        i = expression(src, open, kind == '{' ? "}}" : "%}", !isTag(src, open, "macro"), out);
      }
    }
    return out.toString();
  }

  private static int nextOpening(String src, int from) {
    for (int i = from; i + 1 < src.length(); i++) {
      if (src.charAt(i) == '{') {
        char c = src.charAt(i + 1);
        if (c == '{' || c == '%' || c == '#') {
          return i;
        }
      }
    }
    return -1;
  }

  private static boolean isRaw(String src, int open) {
    return isTag(src, open, "raw");
  }

  /** Whether the tag opening at {@code open} ({@code {%}) is a {@code name} tag. */
  private static boolean isTag(String src, int open, String name) {
    if (src.charAt(open + 1) != '%') {
      return false;
    }
    int i = open + 2;
    if (i < src.length() && (src.charAt(i) == '-' || src.charAt(i) == '+')) {
      i++;
    }
    while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
      i++;
    }
    int end = i + name.length();
    return src.startsWith(name, i) && (end >= src.length() || !Character.isLetterOrDigit(src.charAt(end))
        && src.charAt(end) != '_');
  }

  private static int endOfRaw(String src, int open) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}").matcher(src);
    return m.find(open) ? m.end() : src.length();
  }

  /** Copies one {{ }} or {% %} from {@code open} into {@code out} with its slices rewritten; returns the end. */
  private static int expression(String src, int open, String close, boolean wrapKeywords, StringBuilder out) {
    out.append(src, open, open + 2);
    Deque<Bracket> stack = new ArrayDeque<>();
    int chainStart = out.length();
    int exprStart = out.length(); // start of the operand with its filters: what an `is` test applies to
    boolean afterOperand = false;
    boolean afterDot = false;
    boolean afterPipe = false;
    int i = open + 2;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (stack.isEmpty() && src.startsWith(close, i)) {
        out.append(close);
        return i + 2;
      }
      if ((c == '-' || c == '+') && stack.isEmpty() && src.startsWith(close, i + 1)) {
        out.append(c).append(close);
        return i + 3;
      }
      if (c == '\'' || c == '"') {
        int end = endOfString(src, i);
        chainStart = out.length();
        exprStart = afterPipe ? exprStart : chainStart;
        afterPipe = false;
        out.append(PyStringLiteral.forJinjava(src.substring(i, end)));
        i = end;
        afterOperand = true;
        afterDot = false;
        continue;
      }
      if (Character.isLetterOrDigit(c) || c == '_') {
        int end = i;
        while (end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) {
          end++;
        }
        String word = src.substring(i, end);
        if (word.equals("is") && !afterDot && afterOperand) {
          i = Jinja2Tests.rewrite(src, end, out, exprStart);
          chainStart = exprStart;
          afterOperand = true;
          afterPipe = false;
          continue;
        }
        if (!afterDot) {
          chainStart = out.length();
          exprStart = afterPipe ? exprStart : chainStart;
        }
        out.append(word);
        afterOperand = !KEYWORDS.contains(word) || afterDot;
        afterDot = false;
        afterPipe = false;
        i = end;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        if (!afterOperand || c == '{') {
          chainStart = out.length();
          exprStart = afterPipe ? exprStart : chainStart;
        }
        afterPipe = false;
        boolean noArgStrMethod = c == '(' && afterOperand && NONE_DEFAULT_METHODS.stream()
            .anyMatch(m -> out.toString().endsWith("." + m)) && src.substring(i + 1).stripLeading().startsWith(")");
        out.append(c);
        stack.push(new Bracket(c, out.length(), chainStart, exprStart));
        if (noArgStrMethod) {
          out.append("none");
        }
        afterOperand = false;
        afterDot = false;
      } else if (c == ')' || c == ']' || c == '}') {
        Bracket b = stack.poll();
        if (b != null && b.namedValueOpen) {
          out.append(')');
        }
        if (b != null && c == ']' && b.kind == '[' && !b.colons.isEmpty()) {
          rewriteSlice(out, b);
        } else {
          out.append(c);
        }
        chainStart = b == null ? chainStart : b.chainStart;
        exprStart = b == null ? exprStart : b.exprStart;
        afterOperand = true;
        afterDot = false;
      } else {
        Bracket top = stack.peek();
        if (c == ':' && top != null && top.kind == '[') {
          top.colons.add(out.length());
        } else if (c == ',' && top != null && top.kind == '[') {
          top.commas++;
        } else if (c == ',' && top != null && top.namedValueOpen) {
          out.append(')');
          top.namedValueOpen = false;
        }
        out.append(c);
        if (wrapKeywords && c == '=' && top != null && top.kind == '(' && isKeywordEquals(src, i)) {
          out.append('(');
          top.namedValueOpen = true;
        }
        if (!Character.isWhitespace(c)) {
          afterDot = c == '.';
          afterPipe = c == '|' && afterOperand;
          afterOperand = false;
        }
      }
      i++;
    }
    return src.length();
  }

  /** A lone {@code =} (not part of ==, !=, <=, >=) after a name: a keyword argument inside a call. */
  private static boolean isKeywordEquals(String src, int i) {
    char before = i > 0 ? src.charAt(i - 1) : ' ';
    char after = i + 1 < src.length() ? src.charAt(i + 1) : ' ';
    return after != '=' && before != '=' && before != '!' && before != '<' && before != '>';
  }

  /** Replaces {@code OPERAND[a:b:c} (the closing bracket not yet written) by {@code __py_slice(OPERAND, a, b, c)}. */
  private static void rewriteSlice(StringBuilder out, Bracket b) {
    if (b.colons.size() > 2 || b.commas > 0) {
      throw new ChatTemplateException("chat template uses an extended slice '[" + out.substring(b.start)
          + "]'; expected [start:stop] or [start:stop:step]");
    }
    String operand = out.substring(b.chainStart, b.start - 1);
    if (operand.isBlank()) {
      throw new ChatTemplateException("chat template has a slice '[" + out.substring(b.start)
          + "]' without anything to slice");
    }
    List<String> parts = new ArrayList<>();
    int from = b.start;
    for (int colon : b.colons) {
      parts.add(out.substring(from, colon));
      from = colon + 1;
    }
    parts.add(out.substring(from));
    while (parts.size() < 3) {
      parts.add("");
    }
    StringBuilder call = new StringBuilder(SLICE_FUNCTION).append('(').append(operand);
    for (String part : parts) {
      call.append(", ").append(part.isBlank() ? part + "none" : part);
    }
    out.setLength(b.chainStart);
    out.append(call).append(')');
  }

  static int endOfString(String src, int start) {
    char quote = src.charAt(start);
    int i = start + 1;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        return i + 1;
      }
      i++;
    }
    return src.length();
  }

  /**
   * str methods whose argument defaults to None and whose names Java's String also has: {@code s.strip()} would call
   * Java's strip, so the call becomes {@code s.strip(none)}, which Python defines as the same call.
   */
  private static final List<String> NONE_DEFAULT_METHODS = List.of("strip", "lstrip", "rstrip", "split", "rsplit");

  /** Words that end no operand: a bracket after them starts a new expression rather than subscripting. */
  static final java.util.Set<String> KEYWORDS = java.util.Set.of("not", "in", "and", "or", "if", "else",
      "is", "for", "set", "elif", "recursive");

  /**
   * An open bracket: its kind, where its content starts in the output, where the operand it belongs to starts (for
   * a subscript, the start of what is subscripted), and its top-level colons and commas.
   */
  private static final class Bracket {
    final char kind;
    final int start;
    final int chainStart;
    final int exprStart;
    final List<Integer> colons = new ArrayList<>();
    int commas;
    boolean namedValueOpen;

    Bracket(char kind, int start, int chainStart, int exprStart) {
      this.kind = kind;
      this.start = start;
      this.chainStart = chainStart;
      this.exprStart = exprStart;
    }
  }
}
