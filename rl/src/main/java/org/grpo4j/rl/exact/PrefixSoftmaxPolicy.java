package org.grpo4j.rl.exact;

import java.util.SplittableRandom;

/**
 * The tabular prefix-softmax policy, the exact analogue of an autoregressive LM: one logit vector theta[p] over
 * {a, b, EOS} per prefix p; pi(k | p) = softmax(theta[p])_k. Parameters are a flat array of prefixCount * 3.
 */
public final class PrefixSoftmaxPolicy {
  private final TokenTree tree;
  private final double[] theta;

  /** A policy over {@code tree} with parameters {@code theta} (copied). */
  public PrefixSoftmaxPolicy(TokenTree tree, double[] theta) {
    if (theta.length != tree.prefixCount() * TokenTree.VOCAB) {
      throw new IllegalArgumentException("prefix-softmax policy: " + theta.length + " parameters, expected "
          + tree.prefixCount() * TokenTree.VOCAB);
    }
    this.tree = tree;
    this.theta = theta.clone();
  }

  /** Parameters drawn N(0, scale^2) from {@code seed}. */
  public static PrefixSoftmaxPolicy random(TokenTree tree, double scale, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] th = new double[tree.prefixCount() * TokenTree.VOCAB];
    for (int i = 0; i < th.length; i++) {
      th[i] = scale * r.nextGaussian();
    }
    return new PrefixSoftmaxPolicy(tree, th);
  }

  /** The tree it acts on. */
  public TokenTree tree() {
    return tree;
  }

  /** A copy of the parameters. */
  public double[] parameters() {
    return theta.clone();
  }

  /** The policy with parameters theta + step * direction. */
  public PrefixSoftmaxPolicy plus(double step, double[] direction) {
    double[] th = theta.clone();
    for (int i = 0; i < th.length; i++) {
      th[i] += step * direction[i];
    }
    return new PrefixSoftmaxPolicy(tree, th);
  }

  /** log pi(k | prefix p), max-shifted. */
  public double logProb(int p, int k) {
    int o = p * TokenTree.VOCAB;
    double m = Math.max(theta[o], Math.max(theta[o + 1], theta[o + 2]));
    double z = Math.exp(theta[o] - m) + Math.exp(theta[o + 1] - m) + Math.exp(theta[o + 2] - m);
    return theta[o + k] - m - Math.log(z);
  }

  /** Per-token log-probabilities of output o. */
  public double[] tokenLogProbs(int[] o) {
    double[] l = new double[o.length];
    for (int t = 0; t < o.length; t++) {
      l[t] = logProb(TokenTree.prefixId(o, t), o[t]);
    }
    return l;
  }

  /** log P(o) = sum_t log pi(o_t | o_<t). */
  public double logProbability(int[] o) {
    double s = 0;
    for (double x : tokenLogProbs(o)) {
      s += x;
    }
    return s;
  }

  /** Adds scale * d log pi(o_t | o_<t) / d theta to {@code out}, for token t of o. */
  public void addTokenScore(int[] o, int t, double scale, double[] out) {
    int p = TokenTree.prefixId(o, t);
    for (int k = 0; k < TokenTree.VOCAB; k++) {
      double pk = Math.exp(logProb(p, k));
      out[p * TokenTree.VOCAB + k] += scale * ((k == o[t] ? 1 : 0) - pk);
    }
  }

  /** d log P(o) / d theta (dense). */
  public double[] score(int[] o) {
    double[] g = new double[theta.length];
    for (int t = 0; t < o.length; t++) {
      addTokenScore(o, t, 1, g);
    }
    return g;
  }

  /** One output drawn token by token from the policy. */
  public int[] sample(SplittableRandom r) {
    int[] buf = new int[tree.maxTokens()];
    int n = 0;
    while (n < tree.maxTokens()) {
      int p = TokenTree.prefixId(buf, n);
      double u = r.nextDouble();
      int k = 0;
      double cum = Math.exp(logProb(p, 0));
      while (k < TokenTree.VOCAB - 1 && u >= cum) {
        k++;
        cum += Math.exp(logProb(p, k));
      }
      buf[n++] = k;
      if (k == TokenTree.EOS) {
        break;
      }
    }
    return java.util.Arrays.copyOf(buf, n);
  }
}
