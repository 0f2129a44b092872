package org.grpo4j.cli.model;

/** Parses and prints space-separated token ids for the model commands. */
final class TokenIds {
  private TokenIds() {}

  /** "3 14 15" -> {3, 14, 15}; {@code option} names the flag in errors. */
  static int[] parse(String text, String option) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException(option + " is empty (expected space-separated token ids, e.g. \"3 14 15\")");
    }
    String[] parts = t.split("[\\s,]+");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + ": '" + parts[i] + "' is not a token id (expected integers)");
      }
      if (ids[i] < 0) {
        throw new IllegalArgumentException(option + ": token id " + ids[i] + " is negative");
      }
    }
    return ids;
  }

  /** {3, 14, 15} -> "3 14 15". */
  static String format(int[] ids) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ids.length; i++) {
      sb.append(i == 0 ? "" : " ").append(ids[i]);
    }
    return sb.toString();
  }

  /** Throws unless every id is below {@code vocab}, naming the first that is not. */
  static void checkVocab(int[] ids, int vocab, String what) {
    for (int id : ids) {
      if (id >= vocab) {
        throw new IllegalArgumentException(what + ": token id " + id + " is outside the model's vocabulary of "
            + vocab + " (expected 0.." + (vocab - 1) + ")");
      }
    }
  }
}
