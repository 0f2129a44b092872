package org.grpo4j.rl.train;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.grpo4j.rl.rollout.RewardOutcome;
import org.grpo4j.rl.rollout.ScoredSample;
import org.grpo4j.rl.task.StatusCounts;

/**
 * The status metrics a task asks for ({@link StatusCounts}): for each, {@code <namespace>/status/<word>} = the fraction
 * of samples whose outcome of that reward had the word; listed words always appear, other words when seen. A word that
 * is not a plain metric name (letters, digits, '_', '-') is counted as {@code other}.
 */
final class StatusFractions {
  private StatusFractions() {}

  /** The status fractions of {@code samples} for every entry of {@code counts}. */
  static Map<String, Double> of(List<ScoredSample> samples, List<StatusCounts> counts) {
    Map<String, Double> out = new TreeMap<>();
    for (StatusCounts c : counts) {
      Map<String, Integer> n = new TreeMap<>();
      c.words().forEach(w -> n.put(w, 0));
      int scored = 0;
      for (ScoredSample s : samples) {
        for (RewardOutcome o : s.outcomes()) {
          if (o.name().equals(c.reward())) {
            String w = o.status().matches("[A-Za-z0-9_-]+") ? o.status() : "other";
            n.merge(w, 1, Integer::sum);
            scored++;
          }
        }
      }
      int total = scored;
      n.forEach((w, k) -> out.put(c.namespace() + "/status/" + w, total == 0 ? 0.0 : (double) k / total));
    }
    return out;
  }
}
