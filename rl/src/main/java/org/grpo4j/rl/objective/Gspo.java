package org.grpo4j.rl.objective;

import java.util.LinkedHashMap;
import java.util.Map;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GSPO, in verl's token form: each token carries the sequence ratio s_i = exp(mean_t log-ratio) as its value
 * (log clamped above at 10) while its gradient flows through that token's own log-probability; the symmetric clip is
 * tiny (3e-4 / 4e-4) and the loss aggregates per-token -min(s A, clip(s) A) by {@link Aggregation#SEQ_MEAN_TOKEN_MEAN}.
 */
public record Gspo(double epsLow, double epsHigh) implements Objective {
  /** Checks the clip range. */
  public Gspo {
    if (!(epsLow >= 0 && epsLow < 1 && epsHigh >= 0)) {
      throw new IllegalArgumentException("gspo: clip range (" + epsLow + ", " + epsHigh + ") is not valid");
    }
  }

  @Override
  public ObjectiveLoss loss(PolicyBatch b) {
    double[] lengths = b.lengths();
    double[] seqLogRatio = Nd.toDoubles(b.logRatio().data().sum(1));
    for (int i = 0; i < seqLogRatio.length; i++) {
      seqLogRatio[i] /= Math.max(1, lengths[i]);
    }
    Tensor seqColumn = Tensor.of(Nd4j.createFromArray(seqLogRatio).reshape(b.size(), 1).castTo(b.logp().dtype()));
    Tensor logRatio = b.logp().sub(b.logp().detach()).add(seqColumn); // value: the sequence's; gradient: the token's
    Tensor ratio = F.clamp(logRatio, -Double.MAX_VALUE, 10).exp();
    Tensor adv = b.advantageColumn();
    Tensor surrogate = F.minimum(ratio.mul(adv), F.clamp(ratio, 1 - epsLow, 1 + epsHigh).mul(adv));
    Tensor loss = Aggregation.SEQ_MEAN_TOKEN_MEAN.apply(surrogate.neg(), b, 1);
    Map<String, Double> m = new LinkedHashMap<>();
    double[] s = new double[seqLogRatio.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.exp(Math.min(10, seqLogRatio[i]));
    }
    Metrics.summary(m, "seq_ratio", s);
    m.put("policy_loss", loss.item());
    return new ObjectiveLoss(loss, m);
  }
}
