package org.grpo4j.rl.exact;

/**
 * Which logit vector a softmax policy over the token tree reads before token t: one per prefix (the tabular policy,
 * the exact analogue of an autoregressive LM) or one per (position, previous token) (the spec's cheaper Markov
 * variant, whose parameters are shared across prefixes).
 */
public enum PolicyContext {
  /** One context per prefix of non-EOS tokens: 2^T - 1 of them. */
  PREFIX,
  /** One context per (position, previous token): position 0, then (t, a) and (t, b) for t = 1..T-1: 2T - 1. */
  MARKOV;

  /** The number of contexts, each with its own logit vector over {a, b, EOS}. */
  public int count(TokenTree tree) {
    return switch (this) {
      case PREFIX -> tree.prefixCount();
      case MARKOV -> 2 * tree.maxTokens() - 1;
    };
  }

  /** The context before token t of output o (its first t tokens are all a or b). */
  public int id(int[] o, int t) {
    return switch (this) {
      case PREFIX -> TokenTree.prefixId(o, t);
      case MARKOV -> t == 0 ? 0 : 2 * t - 1 + o[t - 1];
    };
  }
}
