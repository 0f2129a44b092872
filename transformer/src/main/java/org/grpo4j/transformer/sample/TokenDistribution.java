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
  public static double[] filtered(double[] logits, int from, int v, double temperature, int topK, double topP) {
    double[] z = new double[v];
    for (int i = 0; i < v; i++) {
      z[i] = logits[from + i] / temperature;
    }
    if (topK > 0 && topK < v) {
      double kth = kthLargest(z, topK);
      for (int i = 0; i < v; i++) {
        if (z[i] < kth) {
          z[i] = Double.NEGATIVE_INFINITY;
        }
      }
    }
    double[] p = softmax(z);
    return topP < 1 ? nucleus(p, topP) : p;
  }

  /**
   * The top-p filter: the most probable tokens (ties by lower id) until their mass reaches topP, renormalized.
   * Only tokens with p >= (1 - topP) / v are sorted: the rest weigh less than 1 - topP together, so the nucleus
   * lies among the others (for a 50,257-token vocabulary this sorts hundreds of tokens, not all of them).
   */
  static double[] nucleus(double[] p, double topP) {
    int v = p.length;
    double floor = (1 - topP) / v;
    int n = 0;
    for (double x : p) {
      if (x >= floor && x > 0) {
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalStateException("sampling: no token has a finite probability (are the logits NaN or infinite?)");
    }
    Integer[] order = new Integer[n];
    n = 0;
    for (int i = 0; i < v; i++) {
      if (p[i] >= floor && p[i] > 0) {
        order[n++] = i;
      }
    }
    Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
    double cum = 0;
    int keep = 0;
    while (keep < n && cum < topP) {
      cum += p[order[keep++]];
    }
    double[] q = new double[v];
    for (int i = 0; i < Math.max(1, keep); i++) {
      q[order[i]] = p[order[i]] / cum;
    }
    return q;
  }

  /** The k-th largest of z (1 <= k < z.length), by a min-heap of the k largest seen. */
  static double kthLargest(double[] z, int k) {
    double[] heap = Arrays.copyOf(z, k);
    for (int i = k / 2 - 1; i >= 0; i--) {
      siftDown(heap, i, k);
    }
    for (int i = k; i < z.length; i++) {
      if (z[i] > heap[0]) {
        heap[0] = z[i];
        siftDown(heap, 0, k);
      }
    }
    return heap[0];
  }

  private static void siftDown(double[] h, int i, int n) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        return;
      }
      int m = l + 1 < n && h[l + 1] < h[l] ? l + 1 : l;
      if (h[m] >= h[i]) {
        return;
      }
      double t = h[m];
      h[m] = h[i];
      h[i] = t;
      i = m;
    }
  }

  /** log softmax(logits[from, from + v)) at {@code token}, in double precision. */
  public static double logSoftmaxAt(double[] logits, int from, int v, int token) {
    return logSoftmaxAt(logits, from, v, token, 1.0);
  }

  /** log softmax(logits[from, from + v) / temperature) at {@code token}, in double precision (no truncation). */
  public static double logSoftmaxAt(double[] logits, int from, int v, int token, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v; i++) {
      max = Math.max(max, logits[from + i] / temperature);
    }
    double sum = 0;
    for (int i = 0; i < v; i++) {
      sum += Math.exp(logits[from + i] / temperature - max);
    }
    return logits[from + token] / temperature - max - Math.log(sum);
  }

  /** log sum exp(logits[from, from + v) / temperature), in double precision: the log-softmax normalizer. */
  public static double logSumExp(double[] logits, int from, int v, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v; i++) {
      max = Math.max(max, logits[from + i] / temperature);
    }
    double sum = 0;
    for (int i = 0; i < v; i++) {
      sum += Math.exp(logits[from + i] / temperature - max);
    }
    return max + Math.log(sum);
  }

  /**
   * Inverse-CDF draw with a uniform {@code u} in [0, 1) from softmax(logits[from, from + v) / temperature), untruncated,
   * given its normalizer {@code logSumExp}: the same token as {@code draw(filtered(.., temperature, 0, 1), u)} up to
   * rounding, without building the distribution (the exponentials stop at the drawn token).
   */
  public static int drawUntruncated(double[] logits, int from, int v, double temperature, double logSumExp, double u) {
    double cum = 0;
    int last = -1;
    for (int i = 0; i < v; i++) {
      double p = Math.exp(logits[from + i] / temperature - logSumExp);
      if (p > 0) {
        cum += p;
        last = i;
        if (u < cum) {
          return i;
        }
      }
    }
    return last;
  }

  /** The most probable token (the lowest id on ties). */
  public static int argmax(double[] logits, int from, int v) {
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
