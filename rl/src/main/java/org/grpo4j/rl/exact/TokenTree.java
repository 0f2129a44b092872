package org.grpo4j.rl.exact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every output of the exactly solvable environment: tokens from {a, b, EOS}, an output ends at EOS or after
 * {@code maxTokens} tokens, so there are 2^(T+1) - 1 outputs (63 for T = 5, 511 for T = 8). A prefix is a string of
 * non-EOS tokens shorter than T; prefix ids run breadth-first (the empty prefix is 0, then a, b, aa, ab, ...), so
 * the policy keeps one logit vector per id.
 */
public final class TokenTree {
  /** Token a. */
  public static final int A = 0;
  /** Token b. */
  public static final int B = 1;
  /** End of sequence. */
  public static final int EOS = 2;
  /** Vocabulary size. */
  public static final int VOCAB = 3;

  private final int maxTokens;
  private final List<int[]> outputs;

  /** The tree of outputs of at most {@code maxTokens} tokens (1 to 12). */
  public TokenTree(int maxTokens) {
    if (maxTokens < 1 || maxTokens > 12) {
      throw new IllegalArgumentException("token tree: max tokens " + maxTokens + " must be in [1, 12]");
    }
    this.maxTokens = maxTokens;
    List<int[]> all = new ArrayList<>();
    for (int len = 1; len <= maxTokens; len++) {
      for (int bits = 0; bits < 1 << (len - 1); bits++) { // len - 1 tokens from {a, b}, then EOS
        int[] o = new int[len];
        for (int t = 0; t < len - 1; t++) {
          o[t] = (bits >> (len - 2 - t)) & 1;
        }
        o[len - 1] = EOS;
        all.add(o);
      }
    }
    for (int bits = 0; bits < 1 << maxTokens; bits++) { // truncated: T tokens from {a, b}
      int[] o = new int[maxTokens];
      for (int t = 0; t < maxTokens; t++) {
        o[t] = (bits >> (maxTokens - 1 - t)) & 1;
      }
      all.add(o);
    }
    this.outputs = Collections.unmodifiableList(all);
  }

  /** The longest output. */
  public int maxTokens() {
    return maxTokens;
  }

  /** Every output, each a token array (shared: do not modify). */
  public List<int[]> outputs() {
    return outputs;
  }

  /** Number of prefixes that carry a logit vector: 2^T - 1. */
  public int prefixCount() {
    return (1 << maxTokens) - 1;
  }

  /** The prefix id before token t of output o (its first t tokens, all a or b). */
  public static int prefixId(int[] o, int t) {
    int id = 0;
    for (int s = 0; s < t; s++) {
      id = 2 * id + 1 + o[s]; // breadth-first numbering of a binary tree
    }
    return id;
  }
}
