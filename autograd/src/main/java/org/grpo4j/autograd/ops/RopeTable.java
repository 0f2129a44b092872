package org.grpo4j.autograd.ops;

import java.util.Arrays;

/**
 * Rotary position embedding angles: cos and sin of position * inv_freq[i] for i < dim / 2 (the product rounded to
 * float32 as in Hugging Face's rotary embedding, cos and sin in float64) once per position and kept in double and float copies; grown (doubled) as longer positions are asked for.
 */
public final class RopeTable {
  private final double[] invFreq;
  private final double attentionScale;
  private volatile Tables tables = new Tables(0, new double[0], new double[0], new float[0], new float[0]);

  /** Angles as rows of (dim / 2) per position. */
  record Tables(int positions, double[] cos, double[] sin, float[] cosF, float[] sinF) {}

  /**
   * A table of the frequencies {@code invFreq} (dim / 2 of them); {@code attentionScale} multiplies cos and sin
   * (1 except for RoPE variants that rescale attention, such as YaRN).
   */
  public RopeTable(double[] invFreq, double attentionScale) {
    if (invFreq.length == 0) {
      throw new IllegalArgumentException("rope: no frequencies (head_dim must be even and > 0)");
    }
    for (double f : invFreq) {
      if (!(f > 0) || Double.isInfinite(f)) {
        throw new IllegalArgumentException("rope: inverse frequency " + f + " must be finite and > 0");
      }
    }
    this.invFreq = invFreq.clone();
    this.attentionScale = attentionScale;
  }

  /** Half the rotated dimension: dim / 2. */
  public int half() {
    return invFreq.length;
  }

  /** The inverse frequencies (a copy). */
  public double[] invFreq() {
    return invFreq.clone();
  }

  /** Tables covering positions [0, n). */
  Tables upTo(int n) {
    Tables t = tables;
    if (t.positions() >= n) {
      return t;
    }
    synchronized (this) {
      t = tables;
      if (t.positions() >= n) {
        return t;
      }
      int size = Math.max(n, Math.min(Integer.MAX_VALUE / (2 * half()), Math.max(64, 2 * t.positions())));
      int h = half();
      double[] cos = Arrays.copyOf(t.cos(), size * h);
      double[] sin = Arrays.copyOf(t.sin(), size * h);
      float[] cosF = Arrays.copyOf(t.cosF(), size * h);
      float[] sinF = Arrays.copyOf(t.sinF(), size * h);
      for (int p = t.positions(); p < size; p++) {
        for (int i = 0; i < h; i++) {
          double angle = (float) p * (float) invFreq[i]; // a float32 product, as Hugging Face computes it
          cos[p * h + i] = Math.cos(angle) * attentionScale;
          sin[p * h + i] = Math.sin(angle) * attentionScale;
          cosF[p * h + i] = (float) cos[p * h + i];
          sinF[p * h + i] = (float) sin[p * h + i];
        }
      }
      tables = new Tables(size, cos, sin, cosF, sinF);
      return tables;
    }
  }
}
