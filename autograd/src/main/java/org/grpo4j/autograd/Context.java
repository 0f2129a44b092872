package org.grpo4j.autograd;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Per-call residual store of an {@link Op}: saved arrays, input shapes and which inputs need gradients. */
public final class Context {
  private static final INDArray[] NONE = new INDArray[0];

  private final boolean[] needsGrad;
  private final boolean recording;
  private INDArray[] saved = NONE;
  private long[][] inputShapes;
  private boolean freed;

  Context(boolean[] needsGrad, boolean recording) {
    this.needsGrad = needsGrad;
    this.recording = recording;
  }

  /** A context for calling an op directly (tests, gradient checks): every input needs a gradient. */
  public static Context forTesting(int inputs) {
    boolean[] all = new boolean[inputs];
    Arrays.fill(all, true);
    return new Context(all, true);
  }

  /** True when backward must produce a gradient for input {@code i}. */
  public boolean needsGrad(int i) {
    return needsGrad[i];
  }

  /** Number of inputs of the op. */
  public int inputs() {
    return needsGrad.length;
  }

  /** True when a graph is being recorded, i.e. backward may be called; ops may skip saving otherwise. */
  public boolean recording() {
    return recording;
  }

  /** Saves residuals for backward (ignored when not recording). */
  public void save(INDArray... arrays) {
    if (recording) {
      saved = arrays;
    }
  }

  /** Residual {@code i} saved by forward. */
  public INDArray saved(int i) {
    if (freed) {
      throw new IllegalStateException(
          "the residuals of this op were freed by an earlier backward; call backward(seed, true) to retain the graph");
    }
    return saved[i];
  }

  /** Records the input shapes (for ops whose backward needs only shapes). */
  public void saveShapes(INDArray... inputs) {
    long[][] s = new long[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      s[i] = inputs[i].shape();
    }
    inputShapes = s;
  }

  /** The shape of input {@code i} recorded by {@link #saveShapes}. */
  public long[] shape(int i) {
    return inputShapes[i];
  }

  INDArray[] savedArrays() {
    return saved;
  }

  boolean isFreed() {
    return freed;
  }

  void free() {
    saved = NONE;
    freed = true;
  }
}
