package org.grpo4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.autograd.GradCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A causal multi-head self-attention block: q, k, v = x Wq + bq, x Wk + bk, x Wv + bv, split into heads,
 * softmax(q k^T / sqrt(hs) + causal mask) v, heads merged, out = y Wo + bo; loss = sum(out * r) for a fixed
 * random r. x is (B*T, C); weights (C, C); seeded.
 */
public record AttentionProblem(int batch, int time, int channels, int heads, Map<String, INDArray> params,
    INDArray x, INDArray r) {

  /** Validates the head split. */
  public AttentionProblem {
    if (channels % heads != 0) {
      throw new IllegalArgumentException("channels " + channels + " is not divisible by heads " + heads);
    }
  }

  /** The benchmark size: B=4, T=64, d=128, 4 heads. */
  public static AttentionProblem standard(DataType dtype, long seed) {
    return of(4, 64, 128, 4, dtype, seed);
  }

  /** Draws weights (scaled by 1/sqrt(C)), inputs and the loss weights from {@code seed}. */
  public static AttentionProblem of(int batch, int time, int channels, int heads, DataType dtype, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, INDArray> p = new LinkedHashMap<>();
    for (String n : new String[] {"q", "k", "v", "o"}) {
      p.put("w" + n, GradCheck.random(rng, channels, channels).muli(1 / Math.sqrt(channels)).castTo(dtype));
      p.put("b" + n, GradCheck.random(rng, channels).muli(0.1).castTo(dtype));
    }
    INDArray x = GradCheck.random(rng, (long) batch * time, channels).castTo(dtype);
    INDArray r = GradCheck.random(rng, (long) batch * time, channels).castTo(dtype);
    return new AttentionProblem(batch, time, channels, heads, p, x, r);
  }

  /** Size of one head. */
  public int headSize() {
    return channels / heads;
  }
}
