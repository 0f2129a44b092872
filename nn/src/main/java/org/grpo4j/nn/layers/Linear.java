package org.grpo4j.nn.layers;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Init;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Affine map x W + b with {@code weight} (in, out) (GPT-2 Conv1D layout) and optional {@code bias} (out). */
public final class Linear extends Module {
  private final Parameter weight;
  private final Parameter bias;

  /** A layer owning {@code weight} (in, out) and {@code bias} (out), or no bias when it is null. */
  public Linear(INDArray weight, INDArray bias) {
    if (weight.rank() != 2 || (bias != null && (bias.rank() != 1 || bias.size(0) != weight.size(1)))) {
      throw new IllegalArgumentException("linear: weight " + Nd.shape(weight) + " and bias "
          + (bias == null ? "none" : Nd.shape(bias)) + " do not fit (expected (in, out) and (out,))");
    }
    this.weight = registerParameter("weight", weight);
    this.bias = bias == null ? null : registerParameter("bias", bias);
  }

  /** Weight drawn from N(0, std^2), zero bias (when {@code withBias}). */
  public static Linear create(int in, int out, boolean withBias, double std, SplittableRandom rng, DataType dtype) {
    return new Linear(Init.normal(rng, std, dtype, in, out), withBias ? Init.zeros(dtype, out) : null);
  }

  /** x (..., in) -> (..., out). */
  public Tensor forward(Tensor x) {
    return F.linear(x, weight.tensor(), bias == null ? null : bias.tensor());
  }

  /** The weight (in, out). */
  public Parameter weight() {
    return weight;
  }

  /** The bias (out), or null. */
  public Parameter bias() {
    return bias;
  }
}
