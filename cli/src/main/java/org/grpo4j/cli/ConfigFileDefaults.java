package org.grpo4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option values from a JSON file ({@code --config FILE.json}): each key is a long option name without its dashes
 * ({@code "group-size": 8}), each value a scalar or, for options that take several, an array. They become the
 * command's defaults, so flags on the command line override them. An unknown key is refused with the valid ones.
 */
public final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {
  /** The largest config file read (bytes). */
  public static final long MAX_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> values;

  private ConfigFileDefaults(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads {@code file} and checks every key against {@code spec}'s long options.
   *
   * @throws IllegalArgumentException naming the file and the bad key or value
   */
  public static ConfigFileDefaults read(Path file, CommandSpec spec) {
    JsonNode root;
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("config " + file + " is not a readable file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException("config " + file + " has " + Files.size(file) + " bytes; at most "
            + MAX_BYTES + " are read");
      }
      root = JSON.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("config " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("config " + file + " must hold one JSON object of option names to values");
    }
    return of(root, file.toString(), spec);
  }

  /** Checks the keys of a JSON object against {@code spec}'s long options; {@code where} names it in errors. */
  public static ConfigFileDefaults of(JsonNode object, String where, CommandSpec spec) {
    Map<String, String> values = new LinkedHashMap<>();
    TreeSet<String> valid = new TreeSet<>();
    for (OptionSpec o : spec.options()) {
      valid.add(o.longestName().replaceFirst("^-+", ""));
    }
    valid.remove("config");
    valid.remove("help");
    valid.remove("version");
    valid.remove("debug");
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!valid.contains(e.getKey())) {
        throw new IllegalArgumentException(where + ": unknown option '" + e.getKey() + "'; expected one of "
            + String.join(", ", valid));
      }
      values.put(e.getKey(), text(e.getValue(), where, e.getKey(), spec.findOption(e.getKey())));
    }
    return new ConfigFileDefaults(values);
  }

  private static String text(JsonNode v, String where, String key, OptionSpec option) {
    if (v.isArray()) {
      String split = option.splitRegex();
      if (split == null || split.isEmpty()) {
        throw new IllegalArgumentException(where + ": option '" + key + "' takes one value, not a list");
      }
      List<String> parts = new ArrayList<>();
      for (JsonNode x : v) {
        parts.add(scalar(x, where, key));
      }
      return String.join(",", parts);
    }
    return scalar(v, where, key);
  }

  private static String scalar(JsonNode v, String where, String key) {
    if (v.isValueNode() && !v.isNull()) {
      return v.asText();
    }
    throw new IllegalArgumentException(where + ": option '" + key + "' has the value " + v
        + "; expected a string, number or boolean");
  }

  /** The options this file sets, by name. */
  public Map<String, String> values() {
    return Map.copyOf(values);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec o) {
      return values.get(o.longestName().replaceFirst("^-+", ""));
    }
    return null;
  }

  /**
   * Before parsing: if the arguments name a subcommand with a {@code --config} option and give it, that file's
   * values become the subcommand's defaults.
   */
  public static void install(CommandLine root, String[] args) {
    if (args.length == 0 || !root.getSubcommands().containsKey(args[0])) {
      return;
    }
    CommandLine sub = root.getSubcommands().get(args[0]);
    if (sub.getCommandSpec().findOption("--config") == null) {
      return;
    }
    for (int i = 1; i < args.length; i++) {
      String file = null;
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        file = args[i].substring("--config=".length());
      }
      if (file != null) {
        sub.setDefaultValueProvider(read(Path.of(file), sub.getCommandSpec()));
        return;
      }
    }
  }
}
