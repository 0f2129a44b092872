package org.grpo4j.autograd.ops;

import java.util.Arrays;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Fused log-softmax + gather: logits (..., V) and one target id per position give log p(target) of shape (...).
 * The core of cross-entropy and of per-token log-probabilities in the RL objectives.
 */
public record GatherLogProb(int[] targets) implements Op {
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
    INDArray m = x2.max(true, 1); // (N, 1)
    INDArray e = Transforms.exp(x2.subColumnVector(m), false); // (N, V), fresh
    INDArray z = e.sum(true, 1); // (N, 1)
    INDArray logZ = Transforms.log(z, true).addi(m); // (N, 1)
    double[] out = new double[(int) n];
    for (int i = 0; i < n; i++) {
      int t = targets[i];
      if (t < 0 || t >= v) {
        throw new ShapeException("gather_log_prob: target id " + t + " at position " + i
            + " is out of range for vocabulary size " + v);
      }
      out[i] = x2.getDouble(i, t) - logZ.getDouble(i, 0);
    }
    if (ctx.recording()) {
      ctx.save(e.diviColumnVector(z)); // softmax(x): backward needs no second exp
    }
    long[] shape = Arrays.copyOf(x.shape(), x.rank() - 1);
    return Nd4j.createFromArray(out).castTo(x.dataType()).reshape('c', shape);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    INDArray p = ctx.saved(0); // softmax(x), (N, V)
    INDArray gcol = Nd.reshape(Nd.contiguous(g), p.size(0), 1);
    // d log p_t / dx = onehot(t) - softmax(x)
    INDArray dx = p.mulColumnVector(gcol).negi();
    for (int i = 0; i < targets.length; i++) {
      dx.putScalar(i, targets[i], dx.getDouble(i, targets[i]) + gcol.getDouble(i, 0));
    }
    long[] shape = Arrays.copyOf(g.shape(), g.rank() + 1);
    shape[g.rank()] = p.size(1);
    return new INDArray[] {Nd.reshape(dx, shape)};
  }
}
