package org.grpo4j.autograd.ops;

import java.util.Arrays;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Fused log-softmax + gather: logits (..., V) and one target id per position give log p(target) of shape (...).
 * The core of cross-entropy and of per-token log-probabilities in the RL objectives. Float32 on the CPU runs in
 * pieces of rows fixed by the shape, in parallel ({@link Parallel}); each row's result depends only on that row.
 */
public record GatherLogProb(int[] targets) implements Op {
  /** Element-operations per logit in the forward pass (max, shift, exp, sum, normalize), for the threshold. */
  private static final long WORK_PER_ELEMENT = 4;

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    long v = x.size(x.rank() - 1);
    long n = x.length() / Math.max(1, v);
    if (n != targets.length) {
      throw new ShapeException("gather_log_prob: " + targets.length + " targets for logits " + Nd.shape(x)
          + " (expected " + n + ")");
    }
    INDArray x2 = Nd.reshape(Nd.contiguous(x), n, v); // (N, V)
    for (int i = 0; i < n; i++) {
      if (targets[i] < 0 || targets[i] >= v) {
        throw new ShapeException("gather_log_prob: target id " + targets[i] + " at position " + i
            + " is out of range for vocabulary size " + v);
      }
    }
    long[] shape = Arrays.copyOf(x.shape(), x.rank() - 1);
    if (FloatKernels.usable(x2)) { // float32: host passes over pieces of rows (in parallel), vectorized exp
      int rows = (int) n;
      int cols = (int) v;
      int pieceRows = FloatKernels.pieceRows(rows, cols);
      INDArray p = ctx.recording() ? Nd.empty(x.dataType(), n, v) : null;
      double[] out = new double[rows];
      Parallel.forEach((rows + pieceRows - 1) / pieceRows, (long) rows * cols * WORK_PER_ELEMENT, piece -> {
        int r0 = piece * pieceRows;
        int nr = Math.min(pieceRows, rows - r0);
        long off = (long) r0 * cols;
        float[] xv = HostFloats.read(x2, off, nr * cols, FloatKernels.scratch(0, nr * cols));
        float[] pv = p == null ? null : FloatKernels.scratch(1, nr * cols);
        SoftmaxKernels.gatherLogProb(xv, targets, r0, nr, cols, out, pv);
        if (p != null) {
          HostFloats.write(pv, nr * cols, p, off);
        }
      });
      if (p != null) {
        ctx.save(p);
      }
      float[] outF = new float[rows];
      for (int i = 0; i < rows; i++) {
        outF[i] = (float) out[i];
      }
      INDArray y = Nd.empty(x.dataType(), shape);
      FloatKernels.write(outF, y);
      return y;
    }
    INDArray m = x2.max(true, 1); // (N, 1)
    INDArray e = Transforms.exp(x2.subColumnVector(m), false); // (N, V), fresh
    INDArray z = e.sum(true, 1); // (N, 1)
    INDArray logZ = Transforms.log(z, true).addi(m); // (N, 1)
    double[] out = new double[(int) n];
    for (int i = 0; i < n; i++) {
      out[i] = x2.getDouble(i, targets[i]) - logZ.getDouble(i, 0);
    }
    if (ctx.recording()) {
      ctx.save(e.diviColumnVector(z)); // softmax(x): backward needs no second exp
    }
    return Nd4j.createFromArray(out).castTo(x.dataType()).reshape('c', shape);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray p = ctx.saved(0); // softmax(x), (N, V)
    long[] shape = Arrays.copyOf(g.shape(), g.rank() + 1);
    shape[g.rank()] = p.size(1);
    INDArray gc = Nd.contiguous(g);
    if (FloatKernels.usable(p, gc)) {
      int rows = (int) p.size(0);
      int cols = (int) p.size(1);
      int pieceRows = FloatKernels.pieceRows(rows, cols);
      float[] gv = HostFloats.read(gc, new float[rows]); // shared by the pieces, read only
      INDArray dx = Nd.empty(p.dataType(), shape);
      Parallel.forEach((rows + pieceRows - 1) / pieceRows, (long) rows * cols, piece -> {
        int r0 = piece * pieceRows;
        int nr = Math.min(pieceRows, rows - r0);
        long off = (long) r0 * cols;
        float[] dv = HostFloats.read(p, off, nr * cols, FloatKernels.scratch(0, nr * cols));
        SoftmaxKernels.gatherLogProbBackward(dv, gv, targets, r0, nr, cols);
        HostFloats.write(dv, nr * cols, dx, off);
      });
      return new INDArray[] {dx};
    }
    INDArray gcol = Nd.reshape(Nd.contiguous(g), p.size(0), 1);
    // d log p_t / dx = onehot(t) - softmax(x)
    INDArray dx = p.mulColumnVector(gcol).negi();
    for (int i = 0; i < targets.length; i++) {
      dx.putScalar(i, targets[i], dx.getDouble(i, targets[i]) + gcol.getDouble(i, 0));
    }
    return new INDArray[] {Nd.reshape(dx, shape)};
  }
}
