package org.grpo4j.rl.testkit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.rl.exact.PrefixSoftmaxPolicy;
import org.grpo4j.rl.exact.TokenTree;

/**
 * Generators of random enumerable problems, each a pure function of a seed, to drive QuickTheories
 * ({@code qt().forAll(longs().all()).checkAssert(seed -> ... Problems.random(seed) ...)}) or plain loops.
 */
public final class Problems {
  private Problems() {}

  /** T_max 2 to 4 (7 to 31 outputs), rewards uniform in [0, 1) per output, logits N(0, 0.7^2), a unit direction. */
  public static Problem random(long seed) {
    return random(seed, 2, 4);
  }

  /** As {@link #random(long)} with T_max drawn from [minTokens, maxTokens] (at most 8). */
  public static Problem random(long seed, int minTokens, int maxTokens) {
    if (minTokens < 1 || maxTokens > 8 || minTokens > maxTokens) {
      throw new IllegalArgumentException("problems: token range [" + minTokens + ", " + maxTokens
          + "] must lie within [1, 8]");
    }
    SplittableRandom r = new SplittableRandom(seed);
    TokenTree tree = new TokenTree(minTokens + r.nextInt(maxTokens - minTokens + 1));
    Map<String, Double> table = new HashMap<>();
    for (int[] o : tree.outputs()) {
      table.put(Arrays.toString(o), r.nextDouble());
    }
    PrefixSoftmaxPolicy old = PrefixSoftmaxPolicy.random(tree, 0.7, r.nextLong());
    double[] u = PrefixSoftmaxPolicy.random(tree, 1.0, r.nextLong()).parameters();
    double n = Math.sqrt(Arrays.stream(u).map(x -> x * x).sum());
    for (int i = 0; i < u.length; i++) {
      u[i] /= n;
    }
    return new Problem(tree, o -> table.get(Arrays.toString(o)), old, u);
  }
}
