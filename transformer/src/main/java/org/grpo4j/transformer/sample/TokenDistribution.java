package org.grpo4j.transformer.sample;

import java.util.Arrays;

/**
 * The distribution the sampler draws from, for one row of logits: softmax(logits / temperature), restricted to
 * the top-k logits (ties with the k-th kept, as Hugging Face does), then to the smallest set of most probable
 * tokens whose probability reaches top-p (the token crossing the threshold kept), renormalized.
 */
public final class TokenDistribution {
  private TokenDistribution() {}

  /** Probabilities (zero for removed tokens) of the filtered distribution over logits[from, from + v). */
  public static double[] filtered(float[] logits, int from, int v, double temperature, int topK, double topP) {
    double[] z = new double[v];
    for (int i = 0; i < v; i++) {
      z[i] = logits[from + i] / temperature;
    }
    if (topK > 0 && topK < v) {
      double[] sorted = z.clone();
      Arrays.sort(sorted);
      double kth = sorted[v - topK];
      for (int i = 0; i < v; i++) {
        if (z[i] < kth) {
          z[i] = Double.NEGATIVE_INFINITY;
        }
      }
    }
    double[] p = softmax(z);
    if (topP < 1) {
      Integer[] order = new Integer[v];
      for (int i = 0; i < v; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
      double cum = 0;
      int keep = 0;
      while (keep < v && cum < topP && p[order[keep]] > 0) {
        cum += p[order[keep++]];
      }
      double[] q = new double[v];
      for (int i = 0; i < Math.max(1, keep); i++) {
        q[order[i]] = p[order[i]] / cum;
      }
      return q;
    }
    return p;
  }

  /** log softmax(logits[from, from + v)) at {@code token}, in double precision. */
  public static double logSoftmaxAt(float[] logits, int from, int v, int token) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v; i++) {
      max = Math.max(max, logits[from + i]);
    }
    double sum = 0;
    for (int i = 0; i < v; i++) {
      sum += Math.exp(logits[from + i] - max);
    }
    return logits[from + token] - max - Math.log(sum);
  }

  /** The most probable token (the lowest id on ties). */
  public static int argmax(float[] logits, int from, int v) {
    int best = 0;
    for (int i = 1; i < v; i++) {
      if (logits[from + i] > logits[from + best]) {
        best = i;
      }
    }
    return best;
  }

  /** Inverse-CDF draw from {@code p} with a uniform {@code u} in [0, 1). */
  public static int draw(double[] p, double u) {
    double cum = 0;
    int last = -1;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        cum += p[i];
        last = i;
        if (u < cum) {
          return i;
        }
      }
    }
    return last;
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : z) {
      max = Math.max(max, x);
    }
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }
}
