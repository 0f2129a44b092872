package org.grpo4j.autograd;

import java.util.Arrays;
import org.grpo4j.autograd.ops.Add;
import org.grpo4j.autograd.ops.Affine;
import org.grpo4j.autograd.ops.Div;
import org.grpo4j.autograd.ops.Exp;
import org.grpo4j.autograd.ops.Expand;
import org.grpo4j.autograd.ops.Log;
import org.grpo4j.autograd.ops.Matmul;
import org.grpo4j.autograd.ops.Max;
import org.grpo4j.autograd.ops.Mean;
import org.grpo4j.autograd.ops.Mul;
import org.grpo4j.autograd.ops.Narrow;
import org.grpo4j.autograd.ops.Neg;
import org.grpo4j.autograd.ops.Permute;
import org.grpo4j.autograd.ops.Pow;
import org.grpo4j.autograd.ops.Reshape;
import org.grpo4j.autograd.ops.Sqrt;
import org.grpo4j.autograd.ops.Sub;
import org.grpo4j.autograd.ops.Sum;
import org.grpo4j.autograd.ops.Tanh;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ND4J array with reverse-mode autodiff: a leaf ({@link #param}) or the output of a recorded op. Identity
 * semantics: two tensors are equal only if they are the same object. More ops live in {@link F}.
 */
public final class Tensor {
  private final INDArray data;
  private final boolean requiresGrad;
  private final Node node;
  private INDArray grad;
  private boolean retainGrad;

  private Tensor(INDArray data, boolean requiresGrad, Node node) {
    this.data = data;
    this.requiresGrad = requiresGrad;
    this.node = node;
  }

  /** A constant (no gradient) wrapping {@code data}. */
  public static Tensor of(INDArray data) {
    return new Tensor(data, false, null);
  }

  /** A leaf that requires gradients (a parameter or an input to differentiate). */
  public static Tensor param(INDArray data) {
    Nd.requireFloating("param", data);
    return new Tensor(data, true, null);
  }

  /** A constant scalar of the given dtype. */
  public static Tensor scalar(double value, DataType dtype) {
    return of(Nd4j.scalar(dtype, value));
  }

  /**
   * Applies {@code op} to {@code inputs}; records a graph node when grad mode is on and any input requires grad.
   * This is how every op, built-in or user-defined, enters the graph.
   */
  public static Tensor apply(Op op, Tensor... inputs) {
    INDArray[] arrays = new INDArray[inputs.length];
    boolean[] needs = new boolean[inputs.length];
    boolean any = false;
    for (int i = 0; i < inputs.length; i++) {
      arrays[i] = inputs[i].data;
      needs[i] = inputs[i].requiresGrad;
      any |= needs[i];
    }
    boolean record = any && GradMode.isEnabled();
    Context ctx = new Context(needs, record);
    INDArray out = op.forward(ctx, arrays);
    if (MemoryScope.active()) {
      trackNew(out, arrays);
      if (record) {
        for (INDArray saved : ctx.savedArrays()) {
          trackNew(saved, arrays);
        }
      }
    } else {
      MemoryGuard.allocated(out);
    }
    return record ? new Tensor(out, true, new Node(op, ctx, inputs.clone())) : new Tensor(out, false, null);
  }

  /** Records x with the open memory scope unless it is null or shares a buffer with an input (views, reshapes). */
  private static void trackNew(INDArray x, INDArray[] inputs) {
    if (x == null) {
      return; // an op may save null for a residual it does not need
    }
    long a = MemoryScope.address(x);
    for (INDArray in : inputs) {
      if (MemoryScope.address(in) == a) {
        return;
      }
    }
    MemoryScope.track(x);
  }

  // ---- accessors -------------------------------------------------------------------------------------

  /** The underlying array (do not mutate it while a graph that saved it may still run backward). */
  public INDArray data() {
    return data;
  }

  /** The accumulated gradient, or null before the first backward. */
  public INDArray grad() {
    return grad;
  }

  /** Shape of the data. */
  public long[] shape() {
    return data.shape();
  }

  /** Size of axis {@code axis} (negative counts from the end). */
  public long size(int axis) {
    return data.size(Nd.axis("size", axis, data.rank()));
  }

  /** Number of axes. */
  public int rank() {
    return data.rank();
  }

  /** Element type. */
  public DataType dtype() {
    return data.dataType();
  }

  /** The value of a one-element tensor. */
  public double item() {
    if (data.length() != 1) {
      throw new ShapeException("item: tensor of shape " + Nd.shape(data) + " has " + data.length() + " elements");
    }
    return data.getDouble(0);
  }

  /** True when gradients flow to or through this tensor. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** True for tensors not produced by a recorded op. */
  public boolean isLeaf() {
    return node == null;
  }

  Node node() {
    return node;
  }

  boolean retainsGrad() {
    return retainGrad;
  }

  /** Asks backward to also store this non-leaf tensor's gradient in {@link #grad()}. */
  public Tensor retainGrad() {
    retainGrad = true;
    return this;
  }

  /**
   * Clears the accumulated gradient and releases its array at once (to the thread's pool when this thread runs
   * {@link MemoryScope#recycling()} scopes, else closed), so gradients never wait for a garbage collection: do not
   * use a reference to the old {@link #grad()} afterwards ({@code dup()} it first).
   */
  public void zeroGrad() {
    if (grad != null) {
      MemoryGuard.released(grad);
      MemoryScope.release(grad);
    }
    grad = null;
  }

  /** A constant sharing this tensor's data, cut from the graph. */
  public Tensor detach() {
    return of(data);
  }

  void accumulateGrad(INDArray g, boolean owned) {
    if (grad == null) {
      grad = owned ? g : g.dup();
      MemoryScope.escape(grad);
      MemoryGuard.allocated(grad); // outlives any scope: only a collection frees it
    } else {
      grad.addi(g);
    }
  }

  // ---- backward --------------------------------------------------------------------------------------

  /** Backpropagates from this scalar, accumulating into the leaves' gradients; frees the graph's residuals. */
  public void backward() {
    Backward.run(this, null, false, null);
  }

  /** Backpropagates {@code seed} (shaped like this tensor) into the leaves' gradients. */
  public void backward(INDArray seed) {
    Backward.run(this, seed, false, null);
  }

  /** Backpropagates {@code seed} (null for a scalar); with {@code retainGraph} the graph can be reused. */
  public void backward(INDArray seed, boolean retainGraph) {
    Backward.run(this, seed, retainGraph, null);
  }

  // ---- elementwise -----------------------------------------------------------------------------------

  /** this + other, broadcasting NumPy-style. */
  public Tensor add(Tensor other) {
    return binary(new Add(), "add", other);
  }

  /** this - other, broadcasting NumPy-style. */
  public Tensor sub(Tensor other) {
    return binary(new Sub(), "sub", other);
  }

  /** this * other, broadcasting NumPy-style. */
  public Tensor mul(Tensor other) {
    return binary(new Mul(), "mul", other);
  }

  /** this / other, broadcasting NumPy-style. */
  public Tensor div(Tensor other) {
    return binary(new Div(), "div", other);
  }

  /** this + c. */
  public Tensor add(double c) {
    return apply(new Affine(1.0, c), this);
  }

  /** this - c. */
  public Tensor sub(double c) {
    return apply(new Affine(1.0, -c), this);
  }

  /** this * c. */
  public Tensor mul(double c) {
    return apply(new Affine(c, 0.0), this);
  }

  /** this / c. */
  public Tensor div(double c) {
    return apply(new Affine(1.0 / c, 0.0), this);
  }

  /** -this. */
  public Tensor neg() {
    return apply(new Neg(), this);
  }

  /** this^p elementwise. */
  public Tensor pow(double p) {
    return apply(new Pow(p), this);
  }

  /** e^this elementwise. */
  public Tensor exp() {
    return apply(new Exp(), this);
  }

  /** Natural log elementwise. */
  public Tensor log() {
    return apply(new Log(), this);
  }

  /** Square root elementwise. */
  public Tensor sqrt() {
    return apply(new Sqrt(), this);
  }

  /** Hyperbolic tangent elementwise. */
  public Tensor tanh() {
    return apply(new Tanh(), this);
  }

  // ---- reductions and shape ------------------------------------------------------------------------

  /** Sum of all elements (a scalar). */
  public Tensor sum() {
    return apply(new Sum(new int[0], false), this);
  }

  /** Sum over {@code axes}. */
  public Tensor sum(boolean keepDim, int... axes) {
    return apply(new Sum(axes.clone(), keepDim), this);
  }

  /** Mean of all elements (a scalar). */
  public Tensor mean() {
    return apply(new Mean(new int[0], false), this);
  }

  /** Mean over {@code axes}. */
  public Tensor mean(boolean keepDim, int... axes) {
    return apply(new Mean(axes.clone(), keepDim), this);
  }

  /** Maximum over {@code axes} (all when none given). */
  public Tensor max(boolean keepDim, int... axes) {
    return apply(new Max(axes.clone(), keepDim), this);
  }

  /** Matrix product (see {@link Matmul} for the supported ranks). */
  public Tensor matmul(Tensor other) {
    return apply(new Matmul(), this, other);
  }

  /** Reshape in C order; one entry may be -1. */
  public Tensor reshape(long... shape) {
    return Arrays.equals(shape, shape()) ? this : apply(new Reshape(shape.clone()), this);
  }

  /** Reorders axes. */
  public Tensor permute(int... dims) {
    return apply(new Permute(dims.clone()), this);
  }

  /** Swaps two axes. */
  public Tensor transpose(int a, int b) {
    int[] dims = new int[rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = i;
    }
    int x = Nd.axis("transpose", a, rank());
    int y = Nd.axis("transpose", b, rank());
    dims[x] = y;
    dims[y] = x;
    return permute(dims);
  }

  /** Slice [start, start + length) along {@code axis}. */
  public Tensor narrow(int axis, long start, long length) {
    return apply(new Narrow(axis, start, length), this);
  }

  /** Broadcasts to {@code shape}. */
  public Tensor expand(long... shape) {
    return Arrays.equals(shape, shape()) ? this : apply(new Expand(shape.clone()), this);
  }

  private Tensor binary(Op op, String name, Tensor other) {
    long[] target = Nd.broadcastShape(name, shape(), other.shape());
    return apply(op, expand(target), other.expand(target));
  }

  @Override
  public String toString() {
    return "Tensor" + Nd.shape(data) + " " + dtype() + (requiresGrad ? " requiresGrad" : "")
        + (node == null ? "" : " <" + node.op().name() + ">");
  }
}
