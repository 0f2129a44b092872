package org.grpo4j.rl.objective;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TIC-GRPO: one trajectory-level ratio per output, rho_i = exp(sum_t (logp_it - old_logp_it)) (the summed log-ratio
 * clamped to +-clampLog first, clamps counted), and the sequence-level surrogate with upper-only clipping
 * L_i = min(rho_i A_i, min(rho_i, 1 + epsHigh) A_i); loss = -(1/B) sum_i c_i L_i with c_i the
 * {@link LengthCorrection}. Its gradient, 1{not (A_i > 0 and rho_i > 1 + epsHigh)} rho_i A_i sum_t grad logp_it,
 * estimates the policy gradient at the current policy. {@code truncatedIs} reads it as truncated importance
 * sampling instead: weight min(rho_i, 1 + epsHigh) for both signs of A_i.
 */
public record TicGrpo(double epsHigh, LengthCorrection lengthCorrection, boolean truncatedIs, double clampLog)
    implements Objective {
  /** Checks the clip and clamp bounds. */
  public TicGrpo {
    if (!(epsHigh >= 0) || !(clampLog > 0)) {
      throw new IllegalArgumentException("tic-grpo: eps_high " + epsHigh + " must be >= 0 and the log-ratio clamp "
          + clampLog + " > 0");
    }
  }

  /** Upper-only clip at 1 + epsHigh, no length correction, log-ratios clamped to +-20. */
  public static TicGrpo of(double epsHigh) {
    return new TicGrpo(epsHigh, LengthCorrection.NONE, false, 20);
  }

  @Override
  public ObjectiveLoss loss(PolicyBatch b) {
    int n = b.size();
    Tensor logRho = b.logRatio().sum(false, 1); // (B), built at sequence level
    double[] raw = Nd.toDoubles(logRho.data());
    Tensor rho = F.clamp(logRho, -clampLog, clampLog).exp();
    Tensor adv = Tensor.of(Nd4j.createFromArray(scaledAdvantages(b)).castTo(b.logp().dtype())); // (B)
    Tensor cap = Tensor.of(Nd4j.valueArrayOf(new long[] {n}, 1 + epsHigh, b.logp().dtype()));
    Tensor capped = F.minimum(rho, cap);
    Tensor surrogate = truncatedIs ? capped.mul(adv) : F.minimum(rho.mul(adv), capped.mul(adv));
    Tensor loss = surrogate.sum().mul(-1.0 / n);
    double[] r = Nd.toDoubles(rho.data());
    Map<String, Double> m = new LinkedHashMap<>();
    Metrics.summary(m, "rho", r);
    long clipped = 0;
    long clamped = 0;
    for (int i = 0; i < n; i++) {
      clipped += b.advantages()[i] > 0 && r[i] > 1 + epsHigh ? 1 : 0;
      clamped += Math.abs(raw[i]) > clampLog ? 1 : 0;
    }
    m.put("trajectory_clip_fraction", n == 0 ? 0 : (double) clipped / n);
    m.put("log_ratio_clamps", (double) clamped);
    double[] sorted = raw.clone();
    Arrays.sort(sorted);
    m.put("log_ratio_q10", quantile(sorted, 0.1));
    m.put("log_ratio_q50", quantile(sorted, 0.5));
    m.put("log_ratio_q90", quantile(sorted, 0.9));
    m.put("effective_sample_size", Metrics.meanEffectiveSampleSize(r, b.groups()));
    m.put("policy_loss", loss.item());
    return new ObjectiveLoss(loss, m);
  }

  /** A_i times the length correction c_i (PER_TOKEN_REWARD is already in the caller's advantages). */
  private double[] scaledAdvantages(PolicyBatch b) {
    double[] a = b.advantages();
    double[] len = b.lengths();
    double[] c = new double[a.length];
    switch (lengthCorrection) {
      case NONE, PER_TOKEN_REWARD -> Arrays.fill(c, 1);
      case PER_SEQUENCE -> {
        for (int i = 0; i < c.length; i++) {
          c[i] = 1 / Math.max(1, len[i]);
        }
      }
      case GROUP_MEAN_LENGTH -> {
        for (List<Integer> members : Advantages.groups(b.groups()).values()) {
          double mean = members.stream().mapToDouble(i -> len[i]).average().orElse(1);
          for (int i : members) {
            c[i] = 1 / Math.max(1, mean);
          }
        }
      }
      default -> throw new IllegalStateException("unknown length correction " + lengthCorrection);
    }
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * c[i];
    }
    return out;
  }

  private static double quantile(double[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }
}
