package org.grpo4j.transformer;

/**
 * Rotary position embedding parameters: base {@code theta}, the variant and its scaling fields ({@code factor} for
 * linear and llama3; {@code lowFreqFactor}, {@code highFreqFactor}, {@code originalMaxPositions} for llama3).
 */
public record RopeConfig(double theta, RopeType type, double factor, double lowFreqFactor, double highFreqFactor,
    int originalMaxPositions) {
  /** Validates the fields the variant reads. */
  public RopeConfig {
    if (!(theta > 1) || Double.isInfinite(theta)) {
      throw new IllegalArgumentException("rope_theta " + theta + " must be finite and > 1");
    }
    if (type == null) {
      throw new IllegalArgumentException("rope_type is required");
    }
    if (type != RopeType.DEFAULT && (!(factor > 0) || Double.isInfinite(factor))) {
      throw new IllegalArgumentException("rope factor " + factor + " must be finite and > 0 for rope_type "
          + type.json());
    }
    if (type == RopeType.LLAMA3 && (!(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor)
        || originalMaxPositions <= 0)) {
      throw new IllegalArgumentException("llama3 rope: low_freq_factor " + lowFreqFactor + ", high_freq_factor "
          + highFreqFactor + ", original_max_position_embeddings " + originalMaxPositions
          + " (expected 0 < low < high and a positive original context)");
    }
  }

  /** The default form with base {@code theta}. */
  public static RopeConfig plain(double theta) {
    return new RopeConfig(theta, RopeType.DEFAULT, 1.0, 0, 0, 0);
  }

  /**
   * The inverse frequencies for a head of {@code dim} channels, computed in float32 as Hugging Face does
   * ({@code 1 / theta^(arange(0, dim, 2) / dim)}), then scaled by the variant.
   */
  public double[] inverseFrequencies(int dim) {
    double[] inv = new double[dim / 2];
    for (int i = 0; i < inv.length; i++) {
      float exponent = (float) (2 * i) / (float) dim;
      inv[i] = (float) (1.0 / (float) Math.pow(theta, exponent));
    }
    switch (type) {
      case DEFAULT -> { }
      case LINEAR -> {
        for (int i = 0; i < inv.length; i++) {
          inv[i] = (float) (inv[i] / factor);
        }
      }
      case LLAMA3 -> {
        double lowWavelen = originalMaxPositions / lowFreqFactor;
        double highWavelen = originalMaxPositions / highFreqFactor;
        for (int i = 0; i < inv.length; i++) {
          double wavelen = 2 * Math.PI / inv[i];
          if (wavelen > lowWavelen) {
            inv[i] = (float) (inv[i] / factor);
          } else if (wavelen >= highWavelen) {
            double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
            inv[i] = (float) ((1 - smooth) * inv[i] / factor + smooth * inv[i]);
          }
        }
      }
      default -> throw new IllegalStateException("unreachable");
    }
    return inv;
  }
}
