package org.grpo4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.grpo4j.cli.ConfigFileDefaults;
import org.grpo4j.cli.check.ErrorText;
import org.grpo4j.cli.train.TrainCommand;
import picocli.CommandLine;

/**
 * The runs of a sweep: the product of its grid (first option slowest) over its base, each point checked against
 * {@code grpo4j train}'s own options (names, value types and ranges) before anything runs.
 */
public final class GridPoints {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GridPoints() {}

  /**
   * Every point of {@code spec}, in grid order.
   *
   * @throws IllegalArgumentException naming the point and the option a train run would refuse
   */
  public static List<GridPoint> of(SweepSpec spec) {
    checkNames(spec);
    List<String> keys = new ArrayList<>(spec.grid().keySet());
    int total = 1;
    for (List<JsonNode> vs : spec.grid().values()) {
      total *= vs.size();
    }
    List<GridPoint> points = new ArrayList<>(total);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < total; i++) {
      Map<String, String> grid = new LinkedHashMap<>();
      int rest = i;
      for (int k = keys.size() - 1; k >= 0; k--) {
        List<JsonNode> vs = spec.grid().get(keys.get(k));
        grid.put(keys.get(k), vs.get(rest % vs.size()).toString());
        rest /= vs.size();
      }
      Map<String, String> ordered = new LinkedHashMap<>();
      Map<String, String> options = new LinkedHashMap<>();
      spec.base().forEach((k, v) -> options.put(k, v.toString()));
      for (String k : keys) {
        JsonNode v = read(grid.get(k));
        if (v.isObject()) { // a bundle: its options, labelled by the option named like the axis
          v.fields().forEachRemaining(f -> options.put(f.getKey(), f.getValue().toString()));
          int at = spec.grid().get(k).indexOf(v);
          ordered.put(k, v.has(k) ? v.get(k).toString() : Integer.toString(at + 1));
        } else {
          options.put(k, v.toString());
          ordered.put(k, v.toString());
        }
      }
      String name = name(ordered);
      if (!names.add(name)) {
        name = name + "_" + i;
        names.add(name);
      }
      GridPoint p = new GridPoint(i, name, ordered, options);
      check(p);
      points.add(p);
    }
    return points;
  }

  /** Refuses an option name {@code grpo4j train} does not have, saying whether base or grid holds it. */
  private static void checkNames(SweepSpec spec) {
    var trainSpec = new CommandLine(new TrainCommand()).setCaseInsensitiveEnumValuesAllowed(true).getCommandSpec();
    ObjectNode base = JSON.createObjectNode();
    spec.base().forEach(base::set);
    ConfigFileDefaults.of(base, "base", trainSpec);
    ObjectNode grid = JSON.createObjectNode();
    spec.grid().forEach((k, vs) -> {
      if (spec.bundle(k)) {
        for (JsonNode b : vs) {
          ConfigFileDefaults.of(b, "grid bundle '" + k + "'", trainSpec);
        }
      } else {
        grid.set(k, vs.get(0));
      }
    });
    ConfigFileDefaults.of(grid, "grid", trainSpec);
  }

  /** A new train command line whose defaults are this point's options. */
  static CommandLine trainCommand(GridPoint p) {
    CommandLine cl = new CommandLine(new TrainCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setDefaultValueProvider(ConfigFileDefaults.of(json(p), "run " + p.name(), cl.getCommandSpec()));
    return cl;
  }

  /** The point's options as the JSON object a train {@code --config} file holds. */
  static ObjectNode json(GridPoint p) {
    ObjectNode o = JSON.createObjectNode();
    p.options().forEach((k, v) -> {
      try {
        o.set(k, JSON.readTree(v));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("run " + p.name() + ": option '" + k + "' is not JSON: " + v, e);
      }
    });
    return o;
  }

  /**
   * Parses the point as a train command would (names, value types, enum names) and checks its values as a new train
   * run does before it writes anything (ranges, the trainer's configuration), without running it.
   */
  private static void check(GridPoint p) {
    CommandLine cl = trainCommand(p);
    StringWriter sink = new StringWriter();
    cl.setErr(new PrintWriter(sink));
    try {
      cl.parseArgs("--out", Path.of("unused").toString(), "--no-progress");
      ((TrainCommand) cl.getCommand()).checkOptions();
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      throw new IllegalArgumentException("run " + p.name() + ": " + ErrorText.of(e), e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }

  /** A directory name from grid values: {@code objective-grpo_seed-1}. */
  static String name(Map<String, String> grid) {
    StringBuilder b = new StringBuilder();
    grid.forEach((k, v) -> {
      if (b.length() > 0) {
        b.append('_');
      }
      b.append(k).append('-').append(plain(v).replaceAll("[^A-Za-z0-9.+=-]", "+"));
    });
    String s = b.length() > 200 ? b.substring(0, 200) : b.toString();
    return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) ? "r" + s : s;
  }

  /** A JSON value's text as a person reads it: strings unquoted, arrays joined by '+'. */
  static String plain(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n.isArray()) {
        List<String> parts = new ArrayList<>();
        n.forEach(x -> parts.add(x.asText()));
        return String.join("+", parts);
      }
      return n.asText();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return json;
    }
  }
}
