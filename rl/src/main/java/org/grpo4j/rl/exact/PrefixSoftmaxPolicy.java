package org.grpo4j.rl.exact;

import java.util.SplittableRandom;

/**
 * The softmax policy of the token tree: one logit vector theta[c] over {a, b, EOS} per context c, pi(k | c) =
 * softmax(theta[c])_k; the context is the whole prefix (tabular, the exact analogue of an autoregressive LM, the
 * default) or (position, previous token) ({@link PolicyContext#MARKOV}). Parameters: a flat array of contexts * 3.
 */
public final class PrefixSoftmaxPolicy {
  private final TokenTree tree;
  private final PolicyContext context;
  private final double[] theta;

  /** A tabular (one context per prefix) policy over {@code tree} with parameters {@code theta} (copied). */
  public PrefixSoftmaxPolicy(TokenTree tree, double[] theta) {
    this(tree, PolicyContext.PREFIX, theta);
  }

  /** A policy over {@code tree} with the given contexts and parameters {@code theta} (copied). */
  public PrefixSoftmaxPolicy(TokenTree tree, PolicyContext context, double[] theta) {
    if (theta.length != context.count(tree) * TokenTree.VOCAB) {
      throw new IllegalArgumentException("softmax policy (" + context + "): " + theta.length
          + " parameters, expected " + context.count(tree) * TokenTree.VOCAB);
    }
    this.tree = tree;
    this.context = context;
    this.theta = theta.clone();
  }

  /** Tabular parameters drawn N(0, scale^2) from {@code seed}. */
  public static PrefixSoftmaxPolicy random(TokenTree tree, double scale, long seed) {
    return random(tree, PolicyContext.PREFIX, scale, seed);
  }

  /** Parameters for {@code context} drawn N(0, scale^2) from {@code seed}. */
  public static PrefixSoftmaxPolicy random(TokenTree tree, PolicyContext context, double scale, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] th = new double[context.count(tree) * TokenTree.VOCAB];
    for (int i = 0; i < th.length; i++) {
      th[i] = scale * r.nextGaussian();
    }
    return new PrefixSoftmaxPolicy(tree, context, th);
  }

  /** Its contexts (prefix or Markov). */
  public PolicyContext context() {
    return context;
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
    return new PrefixSoftmaxPolicy(tree, context, th);
  }

  /** log pi(k | context p), max-shifted. */
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
      l[t] = logProb(context.id(o, t), o[t]);
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
    int p = context.id(o, t);
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
      int p = context.id(buf, n);
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
