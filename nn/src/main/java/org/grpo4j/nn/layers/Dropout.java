package org.grpo4j.nn.layers;

import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.SeedStream;

/** Inverted dropout in {@code TRAIN} mode (masks seeded from a {@link SeedStream}); the identity in {@code EVAL}. */
public final class Dropout extends Module {
  private final double p;
  private final SeedStream seeds;

  /** Drops with probability {@code p} in [0, 1), drawing one mask seed per call from {@code seeds}. */
  public Dropout(double p, SeedStream seeds) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout: probability " + p + " is not in [0, 1)");
    }
    this.p = p;
    this.seeds = seeds;
  }

  /** x -> x with dropped elements zeroed and the rest scaled by 1/(1-p) (training), or x itself. */
  public Tensor forward(Tensor x) {
    return isTraining() && p > 0 ? F.dropout(x, p, seeds.next()) : x;
  }

  /** The drop probability. */
  public double p() {
    return p;
  }
}
