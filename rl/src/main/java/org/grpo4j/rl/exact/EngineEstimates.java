package org.grpo4j.rl.exact;

import java.util.List;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.rl.objective.PolicyBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link Estimator}s computed the way a trainer computes them: the tabular policy's per-token log-probabilities
 * (an embedding lookup and a log-softmax gather, float64) go through the estimator's rl.objective loss and the
 * autograd engine's backward; the estimate is the negated gradient with respect to the logit table.
 */
public final class EngineEstimates {
  private EngineEstimates() {}

  /** The negated engine gradient of {@code e.objective(clip, B)} at theta on outputs sampled at old. */
  public static double[] estimate(Estimator e, Clip clip, PrefixSoftmaxPolicy theta, PrefixSoftmaxPolicy old,
      int[][] outs, double[] adv) {
    PrefixSoftmaxPolicy at = e.atOldPolicy() ? old : theta;
    int n = outs.length;
    int tMax = at.tree().maxTokens();
    Tensor table = Tensor.param(Nd4j.createFromArray(at.parameters()).reshape(at.context().count(at.tree()),
        TokenTree.VOCAB));
    int[] prefixes = new int[n * tMax];
    int[] tokens = new int[n * tMax];
    double[][] oldLogp = new double[n][tMax];
    double[][] mask = new double[n][tMax];
    for (int i = 0; i < n; i++) {
      double[] lOld = old.tokenLogProbs(outs[i]);
      for (int t = 0; t < outs[i].length; t++) {
        prefixes[i * tMax + t] = at.context().id(outs[i], t);
        tokens[i * tMax + t] = outs[i][t];
        oldLogp[i][t] = lOld[t];
        mask[i][t] = 1;
      }
    }
    Tensor logits = F.embedding(table, prefixes, (long) n * tMax); // (n * T, 3); padding reads prefix 0, masked
    Tensor logp = F.gatherLogProb(logits, tokens).reshape(n, tMax); // (n, T)
    PolicyBatch batch = new PolicyBatch(logp, Nd4j.createFromArray(oldLogp), null, Nd4j.createFromArray(mask), adv,
        new int[n]);
    e.objective(clip, n).loss(batch).loss().backward();
    double[] g = Nd.toDoubles(table.grad().castTo(DataType.DOUBLE));
    for (int i = 0; i < g.length; i++) {
      g[i] = -g[i];
    }
    return g;
  }

  /**
   * The exact expectation of the unclipped estimator with the leave-one-out baseline as one engine gradient: a
   * batch of every output o with advantage N P_old(o) (r(o) - J(theta_old)), N outputs (each objective divides by
   * its batch, and the unclipped losses are linear in the advantages).
   */
  public static double[] expectation(Estimator e, PrefixSoftmaxPolicy theta, PrefixSoftmaxPolicy old, Reward r) {
    List<int[]> all = theta.tree().outputs();
    int n = all.size();
    double baseline = ExactGradients.objective(old, r);
    double[] adv = new double[n];
    for (int i = 0; i < n; i++) {
      adv[i] = n * Math.exp(old.logProbability(all.get(i))) * (r.of(all.get(i)) - baseline);
    }
    return estimate(e, Clip.none(), theta, old, all.toArray(new int[0][]), adv);
  }
}
