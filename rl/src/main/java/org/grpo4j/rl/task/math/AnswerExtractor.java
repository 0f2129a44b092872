package org.grpo4j.rl.task.math;

/**
 * Finds the answer text in a completion with linear scans, by the first rule that applies: the text after the last
 * {@code ####} on its line, else the content of the last complete <code>\boxed{...}</code> (nested braces; a
 * <code>\boxed{</code> that never closes means no answer), else what follows the last "answer is" up to the end of its
 * sentence, else the last number.
 */
public final class AnswerExtractor {
  /** Longest extracted text kept in a verdict; longer answers are reported cut to this length. */
  public static final int MAX_ANSWER_CHARS = ExactAnswer.MAX_CHARS;

  private static final String BOXED = "\\boxed{";
  private static final String ANSWER_IS = "answer is";

  private AnswerExtractor() {}

  /** The answer text of {@code completion} (not yet parsed, stripped of blanks), or null when there is none. */
  public static String extract(String completion) {
    String hashes = afterLastHashes(completion);
    if (hashes != null && !hashes.isEmpty()) {
      return hashes;
    }
    if (completion.contains(BOXED)) {
      return lastBoxed(completion);
    }
    String said = afterAnswerIs(completion);
    if (said != null && !said.isEmpty()) {
      return said;
    }
    return lastNumber(completion);
  }

  /** The text after the last {@code ####} up to the end of its line, stripped, or null when there is no marker. */
  public static String afterLastHashes(String text) {
    int h = text.lastIndexOf("####");
    if (h < 0) {
      return null;
    }
    int start = h + 4;
    int end = text.indexOf('\n', start);
    return text.substring(start, end < 0 ? text.length() : end).strip();
  }

  /**
   * The content of the last complete <code>\boxed{...}</code> (by where it opens), or null when none closes;
   * one pass with an explicit stack, braces escaped as {@code \{} and {@code \}} are not structure.
   */
  public static String lastBoxed(String text) {
    int[] stack = new int[16];
    int top = 0;
    int bestOpen = -1;
    int bestClose = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c != '{' && c != '}') || (i > 0 && text.charAt(i - 1) == '\\')) {
        continue;
      }
      if (c == '{') {
        if (top == stack.length) {
          stack = java.util.Arrays.copyOf(stack, top * 2);
        }
        stack[top++] = i;
      } else if (top > 0) {
        int open = stack[--top];
        if (open > bestOpen && text.startsWith(BOXED, open + 1 - BOXED.length())) {
          bestOpen = open;
          bestClose = i;
        }
      }
    }
    return bestOpen < 0 ? null : text.substring(bestOpen + 1, bestClose).strip();
  }

  /**
   * What follows the last "answer is" (any case), after an optional colon, up to the end of the line or of the
   * clause (a semicolon, or a period or comma followed by a blank or the end), or null when the phrase does not occur.
   */
  static String afterAnswerIs(String text) {
    int at = -1;
    for (int i = text.length() - ANSWER_IS.length(); i >= 0; i--) {
      if (text.regionMatches(true, i, ANSWER_IS, 0, ANSWER_IS.length())) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return null;
    }
    int start = at + ANSWER_IS.length();
    int end = start;
    while (end < text.length() && text.charAt(end) != '\n') {
      char c = text.charAt(end);
      boolean blankNext = end + 1 == text.length() || Character.isWhitespace(text.charAt(end + 1));
      if (c == ';' || ((c == '.' || c == ',') && blankNext)) {
        break;
      }
      end++;
    }
    String said = text.substring(start, end).strip();
    return said.startsWith(":") ? said.substring(1).strip() : said;
  }

  /**
   * The last number in {@code text}: a run of digits joined by {@code , . /} between digits, with a leading
   * minus sign when that sign is not a binary minus; null when there are no digits.
   */
  static String lastNumber(String text) {
    int end = text.length() - 1;
    while (end >= 0 && !isDigit(text.charAt(end))) {
      end--;
    }
    if (end < 0) {
      return null;
    }
    int start = end;
    while (start > 0) {
      char c = text.charAt(start - 1);
      if (isDigit(c) || ((c == ',' || c == '.' || c == '/') && start >= 2 && isDigit(text.charAt(start - 2)))) {
        start--;
      } else {
        break;
      }
    }
    if (start > 0 && text.charAt(start - 1) == '-') {
      char before = start >= 2 ? text.charAt(start - 2) : ' ';
      if (!Character.isLetterOrDigit(before) && before != ')') {
        start--;
      }
    }
    return text.substring(start, end + 1);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
