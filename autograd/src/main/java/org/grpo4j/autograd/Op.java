package org.grpo4j.autograd;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable primitive: {@code forward} computes the output from input arrays and saves residuals in the
 * context; {@code backward} maps the upstream gradient to one gradient per input (null where not needed).
 *
 * <p>Contract: forward never mutates its inputs and returns a fresh array or a view of an input; backward may
 * return the upstream gradient itself (the engine never mutates arrays it does not own).
 */
public interface Op {

  /** Computes the output; validates input shapes and throws {@link ShapeException} naming them. */
  INDArray forward(Context ctx, INDArray... inputs);

  /** Returns one gradient per input, shaped like that input; null for inputs with {@code !ctx.needsGrad(i)}. */
  INDArray[] backward(Context ctx, INDArray grad);

  /** The op's name in error messages and graph dumps. */
  default String name() {
    return getClass().getSimpleName();
  }
}
