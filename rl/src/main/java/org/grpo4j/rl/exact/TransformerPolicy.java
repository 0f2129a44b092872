package org.grpo4j.rl.exact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Parameter;
import org.grpo4j.rl.objective.PolicyBatch;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.ScoredBatch;
import org.grpo4j.transformer.Scorer;
import org.grpo4j.transformer.sample.Completion;
import org.grpo4j.transformer.sample.RolloutEngine;
import org.grpo4j.transformer.sample.SamplingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tiny transformer (float64 {@link Gpt} over the vocabulary {a, b, EOS}, prompt [EOS]) as the policy of the token
 * tree: every output of the tree is scored in one batch by {@link Scorer}, so J, grad J and the estimators'
 * expectations are exact sums over outputs, with gradients from the engine through the model; beyond enumeration
 * (longer outputs) it samples with the KV-cache {@link RolloutEngine} and scores sampled batches the same way.
 */
public final class TransformerPolicy {
  /** Longest outputs a policy accepts (sampled; enumeration stops at the tree's limit). */
  public static final int MAX_TOKENS = 32;
  private final Gpt model;
  private final int maxTokens;
  private TokenTree tree;
  private final int count;

  /** A model over {@code tree}'s outputs: {@code layers} layers, width {@code width}, from {@code seed} plus noise. */
  public TransformerPolicy(TokenTree tree, int layers, int width, double noise, long seed) {
    this(tree.maxTokens(), layers, width, noise, seed);
    this.tree = tree;
  }

  /**
   * A model for outputs of at most {@code maxTokens} tokens (enumerated only when asked, up to the tree's limit):
   * {@code layers} layers, width {@code width}, initialized from {@code seed} plus N(0, noise^2) on every parameter.
   */
  public TransformerPolicy(int maxTokens, int layers, int width, double noise, long seed) {
    ExperimentFiles.bounded("transformer max tokens", maxTokens, 1, MAX_TOKENS);
    ExperimentFiles.bounded("transformer layers", layers, 1, 4);
    ExperimentFiles.bounded("transformer width", width, 4, 64);
    this.maxTokens = maxTokens;
    this.model = new Gpt(GptConfig.of(layers, 2, width, TokenTree.VOCAB, maxTokens + 1), seed, DataType.DOUBLE);
    double[] p = parameters();
    this.count = p.length;
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < p.length; i++) {
      p[i] += noise * r.nextGaussian(); // a policy far from uniform, so the reward has something to separate
    }
    setParameters(p);
  }

  /** The tree of every output (built on first use; at most the tree's 12 tokens). */
  public TokenTree tree() {
    if (tree == null) {
      tree = new TokenTree(maxTokens);
    }
    return tree;
  }

  /** The longest output. */
  public int maxTokens() {
    return maxTokens;
  }

  /** The number of parameters. */
  public int parameterCount() {
    return count;
  }

  /** All parameters, flattened in registration order. */
  public double[] parameters() {
    List<double[]> parts = new ArrayList<>();
    int n = 0;
    for (Parameter p : model.parameters()) {
      double[] v = Nd.toDoubles(p.data().castTo(DataType.DOUBLE));
      parts.add(v);
      n += v.length;
    }
    double[] out = new double[n];
    int at = 0;
    for (double[] v : parts) {
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  /** Sets every parameter from a flat array in registration order. */
  public void setParameters(double[] flat) {
    int at = 0;
    for (Parameter p : model.parameters()) {
      int len = (int) p.length();
      p.assign(Nd4j.createFromArray(java.util.Arrays.copyOfRange(flat, at, at + len)).reshape(p.shape()));
      at += len;
    }
    if (at != flat.length) {
      throw new IllegalArgumentException("transformer policy: " + flat.length + " values for " + at + " parameters");
    }
  }

  /** Per-token log-probabilities of every output (rows in the tree's order, zero-padded), no graph. */
  public double[][] tokenLogProbs() {
    return tokenLogProbs(tree().outputs());
  }

  /** Per-token log-probabilities (B, longest output) of {@code outs}, zero-padded, no graph. */
  public double[][] tokenLogProbs(List<int[]> outs) {
    try (var g = GradMode.noGrad()) {
      ScoredBatch s = Scorer.score(model, prompts(outs.size()), outs);
      return s.logProbs().data().castTo(DataType.DOUBLE).mul(s.mask().castTo(DataType.DOUBLE)).toDoubleMatrix();
    }
  }

  /**
   * {@code n} outputs drawn autoregressively by the KV-cache sampler (stop at EOS or after maxTokens tokens) from
   * {@code seed}. The rollout engine reads the head's logits in the model's dtype, so draws follow the float64
   * policy to rounding.
   */
  public List<int[]> sample(int n, long seed) {
    ExperimentFiles.bounded("samples", n, 1, 1_000_000);
    SamplingConfig c = SamplingConfig.sample(maxTokens, seed).withStopTokens(Set.of(TokenTree.EOS));
    List<int[]> out = new ArrayList<>(n);
    for (Completion comp : RolloutEngine.generate(model, prompts(n), c)) {
      out.add(comp.tokens());
    }
    return out;
  }

  /** P(o) of every output. */
  public double[] probabilities() {
    double[][] l = tokenLogProbs();
    double[] p = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      p[i] = Math.exp(java.util.Arrays.stream(l[i]).sum());
    }
    return p;
  }

  /** J = sum_o P(o) r(o). */
  public double objective(Reward r) {
    double[] p = probabilities();
    double j = 0;
    for (int i = 0; i < p.length; i++) {
      j += p[i] * r.of(tree().outputs().get(i));
    }
    return j;
  }

  /** grad J by the engine: the gradient of sum_o [P(o) r(o)] log P(o) with the bracket held constant. */
  public double[] gradient(Reward r) {
    return gradient(r, probabilities());
  }

  /** grad J by the engine, given every output's current probability {@code p} (from {@link #probabilities}). */
  public double[] gradient(Reward r, double[] p) {
    double[] w = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      w[i] = p[i] * r.of(tree().outputs().get(i));
    }
    ScoredBatch s = Scorer.score(model, prompts(p.length), tree().outputs());
    Tensor seq = s.logProbs().mul(Tensor.of(s.mask())).sum(false, 1); // (B)
    return backward(seq.mul(Tensor.of(Nd4j.createFromArray(w))).sum(), 1);
  }

  /**
   * E over samples from the old policy (token log-probabilities {@code oldLogp}, from {@link #tokenLogProbs}) of the
   * unclipped estimator with the leave-one-out baseline, at the current parameters: the negated engine gradient of
   * its rl.objective loss over a batch of every output with advantage N P_old(o) (r(o) - J_old).
   */
  public double[] expectation(Estimator e, double[][] oldLogp, Reward r) {
    int n = oldLogp.length;
    double[] pOld = new double[n];
    double jOld = 0;
    for (int i = 0; i < n; i++) {
      pOld[i] = Math.exp(java.util.Arrays.stream(oldLogp[i]).sum());
      jOld += pOld[i] * r.of(tree().outputs().get(i));
    }
    double[] adv = new double[n];
    for (int i = 0; i < n; i++) {
      adv[i] = n * pOld[i] * (r.of(tree().outputs().get(i)) - jOld);
    }
    return estimate(e, Clip.none(), tree().outputs(), oldLogp, adv);
  }

  /**
   * The estimator over a batch at the current parameters: the negated engine gradient of {@code e.objective(clip,
   * B)} on outputs {@code outs} with old token log-probabilities {@code oldLogp} (B, longest output) and advantages
   * {@code adv} (for {@link Estimator#NO_IS_FROZEN} call it with the old parameters set).
   */
  public double[] estimate(Estimator e, Clip clip, List<int[]> outs, double[][] oldLogp, double[] adv) {
    return estimate(e, clip, outs, oldLogp, adv, null);
  }

  /**
   * As {@link #estimate(Estimator, Clip, List, double[][], double[])}, also writing into {@code clipFraction[0]} (when
   * given) the fraction of terms the estimator's clip zeroes ({@link TreeEstimates#clipFraction}).
   */
  public double[] estimate(Estimator e, Clip clip, List<int[]> outs, double[][] oldLogp, double[] adv,
      double[] clipFraction) {
    int n = outs.size();
    if (oldLogp.length != n || adv.length != n || n == 0) {
      throw new IllegalArgumentException("transformer estimate: " + n + " outputs, " + oldLogp.length
          + " old log-probability rows and " + adv.length + " advantages (expected the same non-zero number)");
    }
    ScoredBatch s = Scorer.score(model, prompts(n), outs);
    if (clipFraction != null) {
      double[][] logp = s.logProbs().data().castTo(DataType.DOUBLE).toDoubleMatrix();
      double[][] logRatio = new double[n][];
      for (int i = 0; i < n; i++) {
        logRatio[i] = new double[outs.get(i).length];
        for (int t = 0; t < logRatio[i].length; t++) {
          logRatio[i][t] = logp[i][t] - oldLogp[i][t];
        }
      }
      clipFraction[0] = TreeEstimates.clipFraction(e, clip, logRatio, adv);
    }
    PolicyBatch batch = new PolicyBatch(s.logProbs(), Nd4j.createFromArray(oldLogp), null,
        s.mask().castTo(DataType.DOUBLE), adv, new int[n]);
    return backward(e.objective(clip, n).loss(batch).loss(), -1);
  }

  /** {@code n} prompts [EOS] (EOS doubles as BOS, as in GPT-2). */
  private static List<int[]> prompts(int n) {
    return Collections.nCopies(n, new int[] {TokenTree.EOS});
  }

  /** sign x the gradient of {@code scalar} with respect to every parameter, flattened. */
  private double[] backward(Tensor scalar, double sign) {
    model.zeroGrad();
    scalar.backward();
    double[] out = new double[count];
    int at = 0;
    for (Parameter p : model.parameters()) {
      int len = (int) p.length();
      if (p.grad() != null) {
        double[] g = Nd.toDoubles(p.grad().castTo(DataType.DOUBLE));
        for (int i = 0; i < len; i++) {
          out[at + i] = sign * g[i];
        }
      }
      at += len;
    }
    model.zeroGrad();
    return out;
  }
}
