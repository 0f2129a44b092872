package org.grpo4j.nn.layers;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Init;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A lookup table {@code weight} (num, dim): ids give rows. */
public final class Embedding extends Module {
  private final Parameter weight;

  /** A table owning {@code weight} (num, dim). */
  public Embedding(INDArray weight) {
    if (weight.rank() != 2) {
      throw new IllegalArgumentException("embedding: weight must be (num, dim), got "
          + java.util.Arrays.toString(weight.shape()));
    }
    this.weight = registerParameter("weight", weight);
  }

  /** A table with N(0, std^2) entries. */
  public static Embedding create(int num, int dim, double std, SplittableRandom rng, DataType dtype) {
    return new Embedding(Init.normal(rng, std, dtype, num, dim));
  }

  /** Rows {@code ids}, laid out as {@code idShape} (e.g. (B, T)), give (idShape..., dim). */
  public Tensor forward(int[] ids, long... idShape) {
    return F.embedding(weight.tensor(), ids, idShape);
  }

  /** The table (num, dim). */
  public Parameter weight() {
    return weight;
  }

  /** Number of rows. */
  public int size() {
    return (int) weight.shape()[0];
  }
}
