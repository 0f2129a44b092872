package org.grpo4j.nn;

import java.util.Arrays;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trainable array owned by a module: a gradient-tracking leaf tensor whose data optimizers update in place. */
public final class Parameter {
  private final Tensor tensor;

  /** Wraps {@code data} (a C-ordered FLOAT or DOUBLE array, kept by reference) as a parameter. */
  public Parameter(INDArray data) {
    this.tensor = Tensor.param(Nd.contiguous(data));
  }

  /** The leaf tensor to use in forward passes. */
  public Tensor tensor() {
    return tensor;
  }

  /** The values (updated in place by optimizers and checkpoint loading). */
  public INDArray data() {
    return tensor.data();
  }

  /** The accumulated gradient, or null when backward has not reached this parameter since the last zeroGrad. */
  public INDArray grad() {
    return tensor.grad();
  }

  /** Clears the gradient. */
  public void zeroGrad() {
    tensor.zeroGrad();
  }

  /** The shape of the values. */
  public long[] shape() {
    return tensor.shape();
  }

  /** The element type of the values. */
  public DataType dtype() {
    return tensor.dtype();
  }

  /** Number of elements. */
  public long length() {
    return tensor.data().length();
  }

  /** Copies {@code values} into this parameter in place; they must have the same shape (any floating dtype). */
  public void assign(INDArray values) {
    if (!Arrays.equals(values.shape(), shape())) {
      throw new IllegalArgumentException("cannot assign values of shape " + Nd.shape(values)
          + " to a parameter of shape " + Nd.shape(shape()));
    }
    data().assign(values.dataType() == dtype() ? values : values.castTo(dtype()));
  }

  @Override
  public String toString() {
    return "Parameter" + Nd.shape(shape()) + " " + dtype();
  }
}
