package org.grpo4j.rl.exact;

/** A reward of an output of the token tree. */
@FunctionalInterface
public interface Reward {
  /** r(o). */
  double of(int[] output);

  /** 1 when the output holds exactly {@code count} a's and at least {@code minTokens} non-EOS tokens, else 0. */
  static Reward exactlyAs(int count, int minTokens) {
    return o -> {
      int as = 0;
      int tokens = 0;
      for (int x : o) {
        as += x == TokenTree.A ? 1 : 0;
        tokens += x == TokenTree.EOS ? 0 : 1;
      }
      return as == count && tokens >= minTokens ? 1 : 0;
    };
  }
}
