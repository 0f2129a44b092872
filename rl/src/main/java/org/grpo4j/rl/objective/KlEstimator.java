package org.grpo4j.rl.objective;

import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;

/** Per-token estimators of KL(pi_theta || pi_ref) from the two log-probabilities of the sampled token. */
public enum KlEstimator {
  /** k1 = log pi_theta - log pi_ref (unbiased, high variance, can be negative). */
  K1,
  /** k2 = (log pi_theta - log pi_ref)^2 / 2. */
  K2,
  /** k3 = pi_ref / pi_theta - log(pi_ref / pi_theta) - 1 >= 0, clamped to [-10, 10] as verl does. */
  K3;

  /** The estimate per token (B, T) for logp (with gradient) and the constant refLogp. */
  public Tensor perToken(Tensor logp, Tensor refLogp) {
    Tensor d = refLogp.sub(logp); // log(pi_ref / pi_theta)
    return switch (this) {
      case K1 -> d.neg();
      case K2 -> d.mul(d).mul(0.5);
      case K3 -> F.clamp(d.exp().sub(d).sub(1.0), -10, 10);
    };
  }
}
