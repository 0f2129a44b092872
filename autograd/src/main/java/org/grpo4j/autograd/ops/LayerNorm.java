package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Layer normalization over the last axis: inputs x (..., C), gamma (C), beta (C); biased variance. Float32 on the CPU
 * runs oneDNN's kernels ({@link DnnlLayerNorm}) where it loads, else {@link FloatKernels}' row loops, saving only x
 * and per-row statistics.
 */
public record LayerNorm(double eps) implements Op {
  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    INDArray x = in[0];
    long c = x.size(x.rank() - 1);
    for (int i = 1; i < 3; i++) {
      if (in[i].rank() != 1 || in[i].size(0) != c || in[i].dataType() != x.dataType()) {
        throw new ShapeException("layer_norm: " + (i == 1 ? "gamma" : "beta") + " " + Nd.shape(in[i]) + " "
            + in[i].dataType() + " does not match the last axis (" + c + ",) " + x.dataType() + " of x "
            + Nd.shape(x));
      }
    }
    INDArray x2 = Nd.reshape(Nd.contiguous(x), x.length() / c, c); // (N, C)
    if (FloatKernels.usable(x2, in[1], in[2]) && DnnlLayerNorm.usable(x2.size(0), c, eps)) { // float32, oneDNN
      return forwardDnnl(ctx, x, x2, in[1], in[2]);
    }
    if (FloatKernels.usable(x2, in[1], in[2])) { // float32: host passes over cache-sized chunks of rows
      int rows = (int) x2.size(0);
      int cols = (int) c;
      int chunkRows = FloatKernels.pieceRows(rows, cols);
      float[] gamma = HostFloats.read(in[1], new float[cols]);
      float[] beta = HostFloats.read(in[2], new float[cols]);
      float[] mean = new float[rows];
      float[] rstd = new float[rows];
      INDArray y = Nd.empty(x.dataType(), x.shape());
      Parallel.forEach((rows + chunkRows - 1) / chunkRows, (long) rows * cols * 4, i -> { // chunks of rows
        int r0 = i * chunkRows;
        int nr = Math.min(chunkRows, rows - r0);
        long off = (long) r0 * cols;
        float[] xv = FloatKernels.scratch(0, chunkRows * cols);
        float[] yv = FloatKernels.scratch(1, chunkRows * cols);
        float[] row = FloatKernels.scratch(2, cols);
        HostFloats.read(x2, off, nr * cols, xv);
        LayerNormKernels.layerNorm(xv, gamma, beta, yv, mean, rstd, r0, nr, cols, (float) eps, row);
        HostFloats.write(yv, nr * cols, y, off);
      });
      INDArray st = Nd.empty(x.dataType(), 2, rows); // (mean; rstd)
      HostFloats.write(mean, rows, st, 0);
      HostFloats.write(rstd, rows, st, rows);
      ctx.save(null, x2, st, in[1], null);
      return y;
    }
    INDArray xc = x2.subColumnVector(x2.mean(true, 1));
    INDArray rstd = Transforms.pow(xc.mul(xc).mean(true, 1).addi(eps), -0.5, false); // (N, 1)
    INDArray xhat = xc.muliColumnVector(rstd);
    ctx.save(xhat, rstd, in[1]);
    return xhat.mulRowVector(in[1]).addiRowVector(in[2]).reshape('c', x.shape());
  }

  /** Float32 forward on oneDNN: saves x, (mean; variance) per row, gamma and (gamma; beta) for its backward. */
  private INDArray forwardDnnl(Context ctx, INDArray x, INDArray x2, INDArray gamma, INDArray beta) {
    int cols = (int) x2.size(1);
    float[] gb = new float[2 * cols];
    HostFloats.read(gamma, 0, cols, gb);
    System.arraycopy(HostFloats.read(beta, new float[cols]), 0, gb, cols, cols);
    INDArray ss = Nd.empty(x2.dataType(), 2, cols);
    HostFloats.write(gb, ss);
    INDArray st = Nd.empty(x2.dataType(), 2, x2.size(0));
    INDArray y = DnnlLayerNorm.forward(x2, ss, st, (float) eps);
    ctx.save(null, x2, st, gamma, ss);
    return Nd.reshape(y, x.shape());
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    if (ctx.saved(0) == null) {
      return ctx.saved(4) != null ? backwardDnnl(ctx, g) : backwardFloat(ctx, g);
    }
    INDArray xhat = ctx.saved(0);
    INDArray rstd = ctx.saved(1);
    INDArray gamma = ctx.saved(2);
    INDArray g2 = Nd.reshape(Nd.contiguous(g), xhat.shape());
    INDArray dgamma = ctx.needsGrad(1) ? g2.mul(xhat).sum(0) : null;
    INDArray dbeta = ctx.needsGrad(2) ? g2.sum(0) : null;
    INDArray dx = null;
    if (ctx.needsGrad(0)) {
      // dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), dxhat = g * gamma
      INDArray dxhat = g2.mulRowVector(gamma);
      INDArray proj = dxhat.mul(xhat).mean(true, 1);
      dx = dxhat.subiColumnVector(dxhat.mean(true, 1)).subi(xhat.mulColumnVector(proj)).muliColumnVector(rstd)
          .reshape('c', g.shape());
    }
    return new INDArray[] {dx, dgamma, dbeta};
  }

  /** Float32 backward on oneDNN: dgamma and dbeta summed over its pieces in order (the same at any thread count). */
  private INDArray[] backwardDnnl(Context ctx, INDArray g) {
    INDArray x2 = ctx.saved(1);
    int rows = (int) x2.size(0);
    int cols = (int) x2.size(1);
    int pieces = DnnlLayerNorm.pieces(rows, cols);
    INDArray dss = Nd.empty(x2.dataType(), pieces, 2, cols); // each piece's (dgamma; dbeta)
    INDArray dx = DnnlLayerNorm.backward(x2, Nd.reshape(Nd.contiguous(g), rows, cols), ctx.saved(2), ctx.saved(4),
        dss, (float) eps);
    float[] parts = HostFloats.read(dss, new float[pieces * 2 * cols]);
    float[] dgamma = java.util.Arrays.copyOfRange(parts, 0, cols);
    float[] dbeta = java.util.Arrays.copyOfRange(parts, cols, 2 * cols);
    for (int i = 1; i < pieces; i++) { // in piece order
      for (int j = 0; j < cols; j++) {
        dgamma[j] += parts[2 * cols * i + j];
        dbeta[j] += parts[2 * cols * i + cols + j];
      }
    }
    return new INDArray[] {ctx.needsGrad(0) ? Nd.reshape(dx, g.shape()) : null,
        ctx.needsGrad(1) ? Nd4j.createFromArray(dgamma) : null, ctx.needsGrad(2) ? Nd4j.createFromArray(dbeta) : null};
  }

  /**
   * Float32 backward over the forward's pieces of rows, any thread: each piece writes its rows of dx and its own
   * column sums for dgamma and dbeta, which the caller then adds in piece order (bit-identical at any thread count).
   */
  private static INDArray[] backwardFloat(Context ctx, INDArray g) {
    INDArray x2 = ctx.saved(1);
    INDArray st = ctx.saved(2);
    int rows = (int) x2.size(0);
    int cols = (int) x2.size(1);
    int chunkRows = FloatKernels.pieceRows(rows, cols);
    int pieces = (rows + chunkRows - 1) / chunkRows;
    INDArray gc = Nd.contiguous(g);
    float[] gamma = HostFloats.read(ctx.saved(3), new float[cols]);
    float[] stats = HostFloats.read(st, new float[2 * rows]);
    float[] mean = java.util.Arrays.copyOfRange(stats, 0, rows);
    float[] rstd = java.util.Arrays.copyOfRange(stats, rows, 2 * rows);
    float[][] partGamma = new float[pieces][cols];
    float[][] partBeta = new float[pieces][cols];
    INDArray dx = ctx.needsGrad(0) ? Nd.empty(g.dataType(), g.shape()) : null;
    Parallel.forEach(pieces, (long) rows * cols * 4, i -> {
      int r0 = i * chunkRows;
      int nr = Math.min(chunkRows, rows - r0);
      long off = (long) r0 * cols;
      float[] gv = FloatKernels.scratch(0, chunkRows * cols);
      float[] xv = FloatKernels.scratch(1, chunkRows * cols);
      HostFloats.read(gc, off, nr * cols, gv);
      HostFloats.read(x2, off, nr * cols, xv);
      LayerNormKernels.layerNormBackward(xv, gv, gamma, mean, rstd, r0, partGamma[i], partBeta[i], nr, cols,
          FloatKernels.scratch(2, cols), FloatKernels.scratch(3, cols));
      if (dx != null) {
        HostFloats.write(gv, nr * cols, dx, off);
      }
    });
    float[] dgamma = pieces == 0 ? new float[cols] : partGamma[0];
    float[] dbeta = pieces == 0 ? new float[cols] : partBeta[0];
    for (int i = 1; i < pieces; i++) { // in piece order, on this thread
      FloatKernels.addInPlace(dgamma, partGamma[i], cols);
      FloatKernels.addInPlace(dbeta, partBeta[i], cols);
    }
    return new INDArray[] {dx, ctx.needsGrad(1) ? Nd4j.createFromArray(dgamma) : null,
        ctx.needsGrad(2) ? Nd4j.createFromArray(dbeta) : null};
  }
}
