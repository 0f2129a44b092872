package org.grpo4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.grpo4j.cli.ConfigFileDefaults;

/**
 * A sweep file: {@code base} (train option values shared by every run), {@code grid} (option to the list of values it
 * takes; the sweep is their product) and optionally the {@code baseline} objective the report compares against.
 * Option names are {@code grpo4j train}'s long names without dashes; values are JSON scalars (or arrays for list
 * options), exactly as in a train {@code --config} file. An axis whose values are all JSON objects is a bundle axis:
 * each value sets several options together ({@code "task": [{"task": "math"}, {"task": "code", "max-new-tokens":
 * 96}]}), and the run is labelled by the value of the option named like the axis (else by the bundle's position).
 */
public record SweepSpec(Map<String, JsonNode> base, Map<String, List<JsonNode>> grid, String baseline) {
  /** The largest sweep file read (bytes). */
  public static final long MAX_BYTES = ConfigFileDefaults.MAX_BYTES;
  /** The most runs one sweep may hold. */
  public static final int MAX_RUNS = 100_000;
  /** Options the sweep sets itself for each run. */
  static final Set<String> SWEEP_OWNED = Set.of("out", "resume", "config", "no-progress", "help", "version", "debug");
  private static final Set<String> KEYS = Set.of("base", "grid", "baseline");

  /**
   * Checks the grid is a non-empty product of non-empty lists of distinct values and that no option is both in base
   * and grid.
   */
  public SweepSpec {
    base = Collections.unmodifiableMap(new LinkedHashMap<>(base));
    if (grid.isEmpty()) {
      throw new IllegalArgumentException("the grid is empty; expected at least one option with a list of values, "
          + "such as \"grid\": {\"seed\": [1, 2, 3]}");
    }
    Map<String, List<JsonNode>> g = new LinkedHashMap<>();
    long runs = 1;
    for (Map.Entry<String, List<JsonNode>> e : grid.entrySet()) {
      if (e.getValue().isEmpty()) {
        throw new IllegalArgumentException("grid option '" + e.getKey() + "' has no values; expected a non-empty list");
      }
      if (base.containsKey(e.getKey())) {
        throw new IllegalArgumentException("option '" + e.getKey() + "' is in both base and grid; expected it in one");
      }
      Set<JsonNode> seen = new java.util.HashSet<>();
      for (JsonNode v : e.getValue()) {
        if (!seen.add(v)) {
          throw new IllegalArgumentException("grid option '" + e.getKey() + "' has the value " + v + " twice; "
              + "expected distinct values (the same value twice would be the same run twice)");
        }
      }
      long objects = e.getValue().stream().filter(JsonNode::isObject).count();
      if (objects != 0 && objects != e.getValue().size()) {
        throw new IllegalArgumentException("grid option '" + e.getKey() + "' mixes option bundles (objects) with "
            + "plain values; expected all of one kind");
      }
      for (JsonNode bundle : objects == 0 ? List.<JsonNode>of() : e.getValue()) {
        for (Iterator<String> it = bundle.fieldNames(); it.hasNext();) {
          String k = it.next();
          if (base.containsKey(k) || !k.equals(e.getKey()) && grid.containsKey(k)) {
            throw new IllegalArgumentException("option '" + k + "' in grid bundle '" + e.getKey() + "' is also set "
                + (base.containsKey(k) ? "in base" : "by grid option '" + k + "'") + "; expected it in one place");
          }
        }
      }
      runs *= e.getValue().size();
      if (runs > MAX_RUNS) {
        throw new IllegalArgumentException("the grid has more than " + MAX_RUNS + " runs");
      }
      g.put(e.getKey(), List.copyOf(e.getValue()));
    }
    grid = Collections.unmodifiableMap(g);
    for (String k : concat(base.keySet(), optionNames(grid))) {
      if (SWEEP_OWNED.contains(k)) {
        throw new IllegalArgumentException("option '" + k + "' cannot be swept: the sweep sets it for each run");
      }
    }
  }

  /** Reads and checks a sweep file (not yet against the train options: see {@link GridPoints}). */
  public static SweepSpec read(Path file) {
    JsonNode root = ConfigFileDefaults.readJson(file, "sweep config"); // a key twice is refused: none is lost
    try {
      return of(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sweep config " + file + ": " + e.getMessage(), e);
    }
  }

  /** A sweep from its JSON object. */
  public static SweepSpec of(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected one JSON object with \"base\" and \"grid\"");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + k + "'; expected base, grid or baseline");
      }
    }
    Map<String, JsonNode> base = new LinkedHashMap<>();
    JsonNode b = root.path("base");
    if (!b.isMissingNode() && !b.isObject()) {
      throw new IllegalArgumentException("\"base\" must be an object of train options, not " + b);
    }
    b.fields().forEachRemaining(e -> base.put(e.getKey(), e.getValue()));
    JsonNode gr = root.path("grid");
    if (!gr.isObject()) {
      throw new IllegalArgumentException("\"grid\" must be an object of option -> list of values, not "
          + (gr.isMissingNode() ? "missing" : gr.toString()));
    }
    Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
    gr.fields().forEachRemaining(e -> {
      if (!e.getValue().isArray()) {
        throw new IllegalArgumentException("grid option '" + e.getKey() + "' must be a list of values, not "
            + e.getValue());
      }
      List<JsonNode> vs = new ArrayList<>();
      e.getValue().forEach(vs::add);
      grid.put(e.getKey(), vs);
    });
    JsonNode bl = root.path("baseline");
    if (!bl.isMissingNode() && !bl.isTextual()) {
      throw new IllegalArgumentException("\"baseline\" must be an objective name, not " + bl);
    }
    return new SweepSpec(base, grid, bl.isMissingNode() ? null : bl.asText());
  }

  /** True when the values of grid option {@code key} are option bundles (JSON objects). */
  public boolean bundle(String key) {
    return grid.get(key).get(0).isObject();
  }

  private static Set<String> optionNames(Map<String, List<JsonNode>> grid) {
    Set<String> names = new java.util.LinkedHashSet<>();
    grid.forEach((k, vs) -> {
      if (vs.get(0).isObject()) {
        vs.forEach(b -> b.fieldNames().forEachRemaining(names::add));
      } else {
        names.add(k);
      }
    });
    return names;
  }

  private static List<String> concat(Set<String> a, Set<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
