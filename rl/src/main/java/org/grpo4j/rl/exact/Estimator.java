package org.grpo4j.rl.exact;

import java.util.Arrays;
import java.util.Locale;
import org.grpo4j.rl.objective.Aggregation;
import org.grpo4j.rl.objective.GrpoClip;
import org.grpo4j.rl.objective.GrpoNoImportanceSampling;
import org.grpo4j.rl.objective.Gspo;
import org.grpo4j.rl.objective.KlEstimator;
import org.grpo4j.rl.objective.LengthCorrection;
import org.grpo4j.rl.objective.Objective;
import org.grpo4j.rl.objective.TicGrpo;

/**
 * The one vocabulary of gradient estimators shared by the experiments and the CLI: every sampled one is the
 * gradient (negated, for ascent) of an {@link Objective} of rl.objective over a batch of B outputs, token sums
 * over B (GRPO, no-IS, Dr. GRPO), per-output terms over B (TIC-GRPO) or GSPO's own length-normalized form;
 * {@link TreeEstimates} holds the closed forms that tests hold equal to these objectives' engine gradients.
 */
public enum Estimator {
  /** The exact policy gradient grad J(theta) (the noiseless reference; not sampled). */
  EXACT_PG(Baseline.LEAVE_ONE_OUT),
  /** GRPO: token ratios, PPO clip, gradient at the current iterate ({@link GrpoClip}). */
  GRPO(Baseline.LEAVE_ONE_OUT),
  /** GRPO without importance sampling, frozen: the no-IS loss's gradient at theta_old, reused by every inner step. */
  NO_IS_FROZEN(Baseline.LEAVE_ONE_OUT),
  /** GRPO without importance sampling, stale REINFORCE at the current theta on old samples. */
  NO_IS_STALE(Baseline.LEAVE_ONE_OUT),
  /** TIC-GRPO: one trajectory ratio per output, upper-only clip ({@link TicGrpo}). */
  TIC(Baseline.LEAVE_ONE_OUT),
  /** TIC-GRPO without clipping. */
  TIC_NO_CLIP(Baseline.LEAVE_ONE_OUT),
  /** GSPO: the length-normalized sequence ratio with its own symmetric clip ({@link Gspo}). */
  GSPO(Baseline.LEAVE_ONE_OUT),
  /** Dr. GRPO: GRPO's token ratios and clip with mean-only advantages. */
  DR_GRPO(Baseline.GROUP_MEAN);

  private final Baseline baseline;

  Estimator(Baseline baseline) {
    this.baseline = baseline;
  }

  /** The advantages this estimator is used with in the training runs. */
  public Baseline baseline() {
    return baseline;
  }

  /** False only for {@link #EXACT_PG}. */
  public boolean sampled() {
    return this != EXACT_PG;
  }

  /** True for {@link #NO_IS_FROZEN}: its gradient is taken at theta_old whatever the current theta. */
  public boolean atOldPolicy() {
    return this == NO_IS_FROZEN;
  }

  /** The lower-case name the CLI takes (grpo, no_is_frozen, tic, ...). */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The estimator named {@code name} (case-insensitive), or an error listing the valid names. */
  public static Estimator parse(String name) {
    for (Estimator e : values()) {
      if (e.name().equalsIgnoreCase(name.trim())) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown estimator '" + name + "', expected one of "
        + Arrays.stream(values()).map(Estimator::cliName).toList());
  }

  /**
   * The rl.objective loss whose negated gradient over a batch of {@code batch} outputs is this estimator (for
   * {@link #NO_IS_FROZEN} evaluated at theta_old).
   */
  public Objective objective(Clip clip, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("estimator " + this + ": batch " + batch + " must be >= 1");
    }
    return switch (this) {
      case EXACT_PG -> throw new IllegalArgumentException("estimator EXACT_PG is exact, not an objective's gradient");
      case GRPO, DR_GRPO -> new GrpoClip(clip.epsLow(), clip.epsHigh(), Aggregation.SEQ_MEAN_TOKEN_SUM_NORM, batch, 0,
          KlEstimator.K3);
      case NO_IS_FROZEN, NO_IS_STALE -> new GrpoNoImportanceSampling(Aggregation.SEQ_MEAN_TOKEN_SUM_NORM, batch);
      case TIC -> new TicGrpo(clip.epsHigh(), LengthCorrection.NONE, false, TreeEstimates.CLAMP_LOG);
      case TIC_NO_CLIP -> new TicGrpo(Double.POSITIVE_INFINITY, LengthCorrection.NONE, false, TreeEstimates.CLAMP_LOG);
      case GSPO -> new Gspo(clip.gspoEpsLow(), clip.gspoEpsHigh());
    };
  }
}
