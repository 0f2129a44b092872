package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Init;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A linear layer in PyTorch's {@code nn.Linear} layout, weight (out, in) and optional bias (out), so Llama-family
 * checkpoints load and save without transposes: x (..., in) -> x W^T + b (..., out).
 */
final class Projection extends Module {
  private final Parameter weight;
  private final Parameter bias;

  Projection(int in, int out, boolean withBias, double std, SplittableRandom rng, DataType dtype) {
    this.weight = registerParameter("weight", Init.normal(rng, std, dtype, out, in));
    this.bias = withBias ? registerParameter("bias", Init.zeros(dtype, out)) : null;
  }

  /** x (..., in) -> (..., out). */
  Tensor forward(Tensor x) {
    Tensor y = F.matmul(x, false, weight.tensor(), true); // (..., out)
    return bias == null ? y : y.add(bias.tensor());
  }

  Parameter weight() {
    return weight;
  }
}
