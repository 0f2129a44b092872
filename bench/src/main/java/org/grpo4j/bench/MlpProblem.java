package org.grpo4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.autograd.GradCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-layer MLP problem: y = tanh(x W1 + b1) W2 + b2 with loss mean((y - t)^2); x (B, in), W1 (in, h),
 * W2 (h, out). Weights and data drawn from one seed so every implementation sees the same numbers.
 */
public record MlpProblem(int batch, int in, int hidden, int out, Map<String, INDArray> params, INDArray x,
    INDArray target) {

  /** The benchmark size: batch 64, 256 inputs, 256 hidden, 256 outputs. */
  public static MlpProblem standard(DataType dtype, long seed) {
    return of(64, 256, 256, 256, dtype, seed);
  }

  /** Draws weights (scaled by 1/sqrt(fan-in)), inputs and targets from {@code seed}. */
  public static MlpProblem of(int batch, int in, int hidden, int out, DataType dtype, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, INDArray> p = new LinkedHashMap<>();
    p.put("w1", GradCheck.random(r, in, hidden).muli(1 / Math.sqrt(in)).castTo(dtype));
    p.put("b1", GradCheck.random(r, hidden).muli(0.1).castTo(dtype));
    p.put("w2", GradCheck.random(r, hidden, out).muli(1 / Math.sqrt(hidden)).castTo(dtype));
    p.put("b2", GradCheck.random(r, out).muli(0.1).castTo(dtype));
    return new MlpProblem(batch, in, hidden, out, p, GradCheck.random(r, batch, in).castTo(dtype),
        GradCheck.random(r, batch, out).castTo(dtype));
  }
}
