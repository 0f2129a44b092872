package org.grpo4j.sandbox;

import java.util.regex.Pattern;

/**
 * Works around Rhino 1.9's parser, which rejects {@code for (const x of xs)} and {@code for (const k in o)}: a program
 * that fails to parse is retried with {@code for (let ...)}. The two differ only when the loop body assigns the
 * variable (a TypeError in node), and programs that parse are never rewritten.
 */
final class SourceShim {
  private static final Pattern FOR_CONST = Pattern.compile("\\bfor(\\s*)\\((\\s*)const(\\s)");

  private SourceShim() {}

  /** The rewritten source, or null when there is nothing to rewrite. */
  static String rewrite(String source) {
    if (!source.contains("const")) {
      return null;
    }
    String out = FOR_CONST.matcher(source).replaceAll("for$1($2let$3");
    return out.equals(source) ? null : out;
  }
}
