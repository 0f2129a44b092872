package org.grpo4j.rl.objective;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;

/** Statistics of per-token values over a batch's unmasked tokens, for the objectives' metrics. */
final class Metrics {
  private Metrics() {}

  /** The values of x (B, T) at unmasked tokens. */
  static double[] unmasked(Tensor x, PolicyBatch batch) {
    double[] v = Nd.toDoubles(x.data());
    double[] m = Nd.toDoubles(batch.mask());
    return java.util.stream.IntStream.range(0, v.length).filter(i -> m[i] != 0).mapToDouble(i -> v[i]).toArray();
  }

  /** rowValues[i] repeated at each unmasked token of row i, in the order of {@link #unmasked}. */
  static double[] perToken(double[] rowValues, PolicyBatch batch) {
    double[] m = Nd.toDoubles(batch.mask());
    int t = batch.paddedLength();
    return java.util.stream.IntStream.range(0, m.length).filter(i -> m[i] != 0).mapToDouble(i -> rowValues[i / t])
        .toArray();
  }

  /** Puts name_mean, name_min and name_max of v (0 for none). */
  static void summary(Map<String, Double> out, String name, double[] v) {
    out.put(name + "_mean", v.length == 0 ? 0 : Arrays.stream(v).average().orElse(0));
    out.put(name + "_min", v.length == 0 ? 0 : Arrays.stream(v).min().orElse(0));
    out.put(name + "_max", v.length == 0 ? 0 : Arrays.stream(v).max().orElse(0));
  }

  /** Mean over groups of the effective sample size (sum w)^2 / sum w^2 of the weights w within each group. */
  static double meanEffectiveSampleSize(double[] w, int[] groups) {
    double total = 0;
    Map<Integer, List<Integer>> gs = Advantages.groups(groups);
    for (List<Integer> members : gs.values()) {
      double s = 0;
      double s2 = 0;
      for (int i : members) {
        s += w[i];
        s2 += w[i] * w[i];
      }
      total += s2 > 0 ? s * s / s2 : 0;
    }
    return gs.isEmpty() ? 0 : total / gs.size();
  }
}
