package org.grpo4j.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of a sweep grouped for comparison: a slice holds every grid value except the objective and the seed
 * (K, the task, ...); within a slice, runs are grouped by objective and paired across objectives by seed.
 */
public record Groups(Map<String, Map<String, List<RunResult>>> slices) {
  /** The grid option whose values are compared. */
  public static final String OBJECTIVE = "objective";
  /** The grid option that pairs runs. */
  public static final String SEED = "seed";

  /** Copies the maps, keeping their order. */
  public Groups {
    Map<String, Map<String, List<RunResult>>> copy = new LinkedHashMap<>();
    slices.forEach((k, v) -> copy.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    slices = java.util.Collections.unmodifiableMap(copy);
  }

  /** Groups {@code results} (in grid order) by slice, then objective ("-" when the grid has no objective). */
  public static Groups of(List<String> gridKeys, List<RunResult> results) {
    Map<String, Map<String, List<RunResult>>> s = new LinkedHashMap<>();
    for (RunResult r : results) {
      s.computeIfAbsent(sliceName(gridKeys, r.point()), k -> new LinkedHashMap<>())
          .computeIfAbsent(objective(r.point()), k -> new ArrayList<>()).add(r);
    }
    return new Groups(s);
  }

  /** The slice of {@code p}: its grid values other than objective and seed ("all" when there are none). */
  static String sliceName(List<String> gridKeys, GridPoint p) {
    List<String> parts = new ArrayList<>();
    for (String k : gridKeys) {
      if (!k.equals(OBJECTIVE) && !k.equals(SEED)) {
        parts.add(k + "=" + p.plain(k));
      }
    }
    return parts.isEmpty() ? "all" : String.join(", ", parts);
  }

  static String objective(GridPoint p) {
    String o = p.plain(OBJECTIVE);
    if (o == null) {
      String base = p.options().get(OBJECTIVE);
      return base == null ? "-" : GridPoints.plain(base);
    }
    return o;
  }

  /** The seed of {@code r} as text (its index when the grid has no seed). */
  static String seed(RunResult r) {
    String s = r.point().plain(SEED);
    return s == null ? "#" + r.point().index() : s;
  }

  /**
   * Final accuracies of {@code a} and {@code b} over the seeds both have, in {@code a}'s order: {a values, b values}.
   */
  static double[][] pairs(List<RunResult> a, List<RunResult> b) {
    Map<String, RunResult> bySeed = new LinkedHashMap<>();
    b.forEach(r -> bySeed.put(seed(r), r));
    List<double[]> pairs = new ArrayList<>();
    for (RunResult r : a) {
      RunResult other = bySeed.get(seed(r));
      if (other != null) {
        pairs.add(new double[] {r.last().accuracy(), other.last().accuracy()});
      }
    }
    double[][] out = new double[2][pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      out[0][i] = pairs.get(i)[0];
      out[1][i] = pairs.get(i)[1];
    }
    return out;
  }
}
