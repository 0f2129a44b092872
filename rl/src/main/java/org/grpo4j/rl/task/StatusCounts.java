package org.grpo4j.rl.task;

import java.util.List;

/**
 * Which status words of one reward function a task wants counted in the training metrics: each iteration writes
 * {@code <namespace>/status/<word>}, the fraction of completions whose {@code reward} score had that status, for every
 * listed word (0 when absent) and for any other word seen.
 */
public record StatusCounts(String reward, String namespace, List<String> words) {
  private static final String WORD = "[A-Za-z0-9_-]+";

  /** Checks the reward name, the namespace and the words (letters, digits, '_' and '-'). */
  public StatusCounts {
    if (reward == null || !reward.matches(WORD)) {
      throw new IllegalArgumentException("status counts: reward name '" + reward + "' must be letters, digits, '_' "
          + "or '-'");
    }
    if (namespace == null || !namespace.matches(WORD)) {
      throw new IllegalArgumentException("status counts: namespace '" + namespace + "' must be letters, digits, '_' "
          + "or '-'");
    }
    words = List.copyOf(words);
    for (String w : words) {
      if (!w.matches(WORD)) {
        throw new IllegalArgumentException("status counts: word '" + w + "' must be letters, digits, '_' or '-'");
      }
    }
  }
}
