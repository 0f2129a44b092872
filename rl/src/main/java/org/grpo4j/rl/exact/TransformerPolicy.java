package org.grpo4j.rl.exact;

import java.util.ArrayList;
import java.util.List;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tiny transformer (float64 {@link Gpt} over the vocabulary {a, b, EOS}, prompt [EOS]) as the policy of the token
 * tree: every output of the tree is scored in one batch by {@link Scorer}, so J, grad J and the estimators'
 * expectations are exact sums over outputs, with gradients from the engine through the model.
 */
public final class TransformerPolicy {
  private final Gpt model;
  private final TokenTree tree;
  private final List<int[]> prompts;
  private final int count;

  /** A model of {@code layers} layers, width {@code width}, initialized from {@code seed} with extra noise. */
  public TransformerPolicy(TokenTree tree, int layers, int width, double noise, long seed) {
    ExperimentFiles.bounded("transformer layers", layers, 1, 4);
    ExperimentFiles.bounded("transformer width", width, 4, 64);
    this.tree = tree;
    this.model = new Gpt(GptConfig.of(layers, 2, width, TokenTree.VOCAB, tree.maxTokens() + 1), seed,
        DataType.DOUBLE);
    this.prompts = new ArrayList<>();
    for (int i = 0; i < tree.outputs().size(); i++) {
      prompts.add(new int[] {TokenTree.EOS}); // EOS doubles as BOS, as in GPT-2
    }
    double[] p = parameters();
    this.count = p.length;
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < p.length; i++) {
      p[i] += noise * r.nextGaussian(); // a policy far from uniform, so the reward has something to separate
    }
    setParameters(p);
  }

  /** The tree of outputs. */
  public TokenTree tree() {
    return tree;
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
    try (var g = GradMode.noGrad()) {
      ScoredBatch s = Scorer.score(model, prompts, tree.outputs());
      return s.logProbs().data().castTo(DataType.DOUBLE).mul(s.mask().castTo(DataType.DOUBLE)).toDoubleMatrix();
    }
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
      j += p[i] * r.of(tree.outputs().get(i));
    }
    return j;
  }

  /** grad J by the engine: the gradient of sum_o [P(o) r(o)] log P(o) with the bracket held constant. */
  public double[] gradient(Reward r) {
    double[] p = probabilities();
    double[] w = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      w[i] = p[i] * r.of(tree.outputs().get(i));
    }
    ScoredBatch s = Scorer.score(model, prompts, tree.outputs());
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
      jOld += pOld[i] * r.of(tree.outputs().get(i));
    }
    double[] adv = new double[n];
    for (int i = 0; i < n; i++) {
      adv[i] = n * pOld[i] * (r.of(tree.outputs().get(i)) - jOld);
    }
    ScoredBatch s = Scorer.score(model, prompts, tree.outputs());
    PolicyBatch batch = new PolicyBatch(s.logProbs(), Nd4j.createFromArray(oldLogp), null,
        s.mask().castTo(DataType.DOUBLE), adv, new int[n]);
    return backward(e.objective(Clip.none(), n).loss(batch).loss(), -1);
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
