package org.grpo4j.rl.objective;

import java.util.LinkedHashMap;
import java.util.Map;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;

/**
 * GRPO's PPO-style clipped surrogate with token ratios w = exp(logp - old_logp) (log-ratios clamped to +-20):
 * loss = aggregate(-min(w A, clip(w, 1 - epsLow, 1 + epsHigh) A)) + beta aggregate(KL to the reference).
 * At theta = theta_old every w is 1 and nothing clips: the gradient is REINFORCE's, estimated at the old policy.
 * Dr. GRPO is this with mean-only advantages and {@link Aggregation#SEQ_MEAN_TOKEN_SUM_NORM}; DAPO's clip-higher
 * is epsHigh 0.28 with {@link Aggregation#TOKEN_MEAN}.
 */
public record GrpoClip(double epsLow, double epsHigh, Aggregation aggregation, double sumNorm, double beta,
    KlEstimator kl) implements Objective {
  /** Checks the clip range, the KL weight and the normalizing constant. */
  public GrpoClip {
    if (!(epsLow >= 0 && epsLow < 1 && epsHigh >= 0)) {
      throw new IllegalArgumentException("grpo: clip range (" + epsLow + ", " + epsHigh
          + ") must have 0 <= eps_low < 1 and eps_high >= 0");
    }
    if (!(beta >= 0)) {
      throw new IllegalArgumentException("grpo: KL weight beta " + beta + " must be >= 0");
    }
  }

  /** The original GRPO: symmetric clip eps, {@link Aggregation#SEQ_MEAN_TOKEN_MEAN}, no KL. */
  public static GrpoClip standard(double eps) {
    return new GrpoClip(eps, eps, Aggregation.SEQ_MEAN_TOKEN_MEAN, 1, 0, KlEstimator.K3);
  }

  /**
   * Dr. GRPO: symmetric clip eps, token sums over a constant {@code sumNorm} (TRL: B * L_max; verl: L_max), no KL;
   * pair it with {@link Advantages#meanOnly}.
   */
  public static GrpoClip drGrpo(double eps, double sumNorm) {
    return new GrpoClip(eps, eps, Aggregation.SEQ_MEAN_TOKEN_SUM_NORM, sumNorm, 0, KlEstimator.K3);
  }

  /** DAPO's loss: clip-higher (0.2, 0.28), token mean, no KL (dynamic sampling and overlong handling are the trainer's). */
  public static GrpoClip dapo() {
    return new GrpoClip(0.2, 0.28, Aggregation.TOKEN_MEAN, 1, 0, KlEstimator.K3);
  }

  @Override
  public ObjectiveLoss loss(PolicyBatch b) {
    Tensor ratio = F.clamp(b.logRatio(), -20, 20).exp(); // (B, T)
    Tensor adv = b.advantageColumn(); // (B, 1)
    Tensor clipped = F.clamp(ratio, 1 - epsLow, 1 + epsHigh);
    Tensor surrogate = F.minimum(ratio.mul(adv), clipped.mul(adv));
    Tensor loss = aggregation.apply(surrogate.neg(), b, sumNorm);
    Map<String, Double> m = new LinkedHashMap<>();
    double[] w = Metrics.unmasked(ratio, b);
    Metrics.summary(m, "ratio", w);
    double[] a = Metrics.perToken(b.advantages(), b);
    long low = 0;
    long high = 0;
    for (int i = 0; i < w.length; i++) {
      low += a[i] < 0 && w[i] < 1 - epsLow ? 1 : 0;
      high += a[i] > 0 && w[i] > 1 + epsHigh ? 1 : 0;
    }
    m.put("clip_ratio_low", w.length == 0 ? 0 : (double) low / w.length);
    m.put("clip_ratio_high", w.length == 0 ? 0 : (double) high / w.length);
    m.put("policy_loss", loss.item());
    if (beta > 0) {
      if (b.refLogp() == null) {
        throw new IllegalArgumentException("grpo: beta " + beta + " > 0 needs the reference policy's ref_logp");
      }
      Tensor klTerm = aggregation.apply(kl.perToken(b.logp(), Tensor.of(b.refLogp().castTo(b.logp().dtype()))), b,
          sumNorm);
      m.put("kl", klTerm.item());
      loss = loss.add(klTerm.mul(beta));
    }
    return new ObjectiveLoss(loss, m);
  }
}
