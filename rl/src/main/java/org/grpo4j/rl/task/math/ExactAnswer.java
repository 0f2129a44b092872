package org.grpo4j.rl.task.math;

import java.util.Optional;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Reads one answer text as an exact rational: strips LaTeX spacing, {@code \left}/{@code \right}, dollar and
 * currency signs, keeps what follows the last {@code =}, parses the arithmetic with {@link ExactParser} and
 * accepts trailing words or units ({@code 42 apples}, {@code 5.00 dollars}, {@code 50%}) that hold no digits.
 */
public final class ExactAnswer {
  /** Longest answer text that is parsed at all; longer texts are not answers. */
  public static final int MAX_CHARS = 1000;

  private static final String[][] REWRITES = {
    {"\\left", ""}, {"\\right", ""}, {"\\!", ""}, {"\\,", ""}, {"\\;", ""}, {"\\:", ""}, {"\\ ", " "},
    {"\\$", ""}, {"$", ""}, {"\u20ac", ""}, {"\u00a3", ""}, {"\u00a5", ""}, {"\u20b9", ""},
    {"\\cdot", "*"}, {"\\times", "*"}, {"\u00d7", "*"}, {"\\div", "/"}, {"\u00f7", "/"}, {"\u2212", "-"},
    {"\\%", "%"},
  };
  private static final String[] TEXT_COMMANDS = {"\\text", "\\textbf", "\\mathrm", "\\mathbf", "\\mbox"};

  private ExactAnswer() {}

  /** The exact value of {@code text}, or empty when it is not an exact number (or is null or over-long). */
  public static Optional<BigFraction> parse(String text) {
    if (text == null || text.length() > MAX_CHARS) {
      return Optional.empty();
    }
    String t = text;
    for (String[] r : REWRITES) {
      t = t.replace(r[0], r[1]);
    }
    int eq = t.lastIndexOf('=');
    if (eq >= 0) {
      t = t.substring(eq + 1);
    }
    t = stripStars(t.strip());
    if (t.isEmpty()) {
      return Optional.empty();
    }
    ExactParser.Prefix p = ExactParser.parsePrefix(t);
    if (p == null || !trailingWords(t.substring(p.end()))) {
      return Optional.empty();
    }
    return Optional.of(p.value());
  }

  /** Drops markdown bold stars around an answer ({@code **42**}). */
  private static String stripStars(String t) {
    int a = 0;
    int b = t.length();
    while (a < b && t.charAt(a) == '*') {
      a++;
    }
    while (b > a && t.charAt(b - 1) == '*') {
      b--;
    }
    return t.substring(a, b).strip();
  }

  /**
   * Whether {@code rest} (what follows the number) is nothing, or words or units after a blank, a punctuation
   * mark, {@code %} or a {@code \text}-like command: no digits, no other LaTeX command, no {@code =}, and not a
   * lone letter or {@code pi} that would make the number a product ({@code 5 x}, {@code 2 pi}).
   */
  static boolean trailingWords(String rest) {
    if (rest.isBlank()) {
      return true;
    }
    char c0 = rest.charAt(0);
    boolean separated = Character.isWhitespace(c0) || ".,;:!?%".indexOf(c0) >= 0 || textCommandAt(rest, 0) > 0;
    if (!separated) {
      return false;
    }
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (Character.isDigit(c) || c == '=') {
        return false;
      }
      if (c == '\\') {
        int n = textCommandAt(rest, i);
        if (n == 0) {
          return false;
        }
        i += n - 1;
      }
    }
    String first = firstWord(rest);
    return first.length() != 1 && !first.equalsIgnoreCase("pi") && !first.equalsIgnoreCase("sqrt");
  }

  /** The length of the {@code \text}-like command starting at {@code i}, or 0 when there is none. */
  private static int textCommandAt(String s, int i) {
    for (String cmd : TEXT_COMMANDS) {
      if (s.startsWith(cmd, i) && (i + cmd.length() >= s.length() || !Character.isLetter(s.charAt(i + cmd.length())))) {
        return cmd.length();
      }
    }
    return 0;
  }

  /** The first run of letters in {@code s} after skipping commands, blanks and punctuation. */
  private static String firstWord(String s) {
    int i = 0;
    while (i < s.length() && !Character.isLetter(s.charAt(i))) {
      int n = s.charAt(i) == '\\' ? textCommandAt(s, i) : 0;
      i += Math.max(1, n);
    }
    int start = i;
    while (i < s.length() && Character.isLetter(s.charAt(i))) {
      i++;
    }
    return s.substring(start, i);
  }
}
