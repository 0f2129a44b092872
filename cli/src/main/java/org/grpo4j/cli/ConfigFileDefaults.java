package org.grpo4j.cli;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * command's defaults, so flags on the command line override them. An unknown key is refused with the valid ones; a
 * key given twice, or a value its option cannot take, is refused naming the file and the key.
 */
public final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {
  /** The largest config file read (bytes). */
  public static final long MAX_BYTES = 1 << 20;
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Map<String, String> values;
  private final String where;
  /** The values the file's options held before it applied (their defaults), by name. */
  private final Map<String, Object> before;

  private ConfigFileDefaults(Map<String, String> values, String where, Map<String, Object> before) {
    this.values = values;
    this.where = where;
    this.before = before;
  }

  /**
   * Reads {@code file} and checks every key against {@code spec}'s long options.
   *
   * @throws IllegalArgumentException naming the file and the bad key or value
   */
  public static ConfigFileDefaults read(Path file, CommandSpec spec) {
    JsonNode root = readJson(file, "config");
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("config " + file + " must hold one JSON object of option names to values");
    }
    return of(root, "config " + file, spec);
  }

  /**
   * The JSON in {@code file} (null when empty), {@code what} naming it in errors ("config", "sweep config"): a
   * missing or oversized file, malformed JSON and an object with the same key twice are refused.
   *
   * @throws IllegalArgumentException naming the file and the problem
   */
  public static JsonNode readJson(Path file, String what) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(what + " " + file + " is not a readable file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(what + " " + file + " has " + Files.size(file) + " bytes; at most "
            + MAX_BYTES + " are read");
      }
      return JSON.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String m = e.getOriginalMessage();
      if (m != null && m.startsWith("Duplicate field ")) {
        throw new IllegalArgumentException(what + " " + file + " has the key " + m.substring("Duplicate field "
            .length()) + " twice in one object (line " + e.getLocation().getLineNr() + "); expected each key once",
            e);
      }
      throw new IllegalArgumentException(what + " " + file + " is not valid JSON: " + m, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
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
    if (!convert(values, spec, where)) { // find the key at fault: one option at a time
      values.forEach((k, v) -> convert(Map.of(k, v), spec, where));
    }
    Map<String, Object> before = new LinkedHashMap<>();
    values.keySet().forEach(k -> before.put(k, snapshot(spec.findOption(k).getValue())));
    return new ConfigFileDefaults(values, where, before);
  }

  /**
   * Converts {@code values} as picocli does when it applies them as defaults (to copies of the options that set
   * nothing), so a value of the wrong type is refused naming {@code where} and its key rather than as if it were a
   * flag; false when a value fails and the failing key is not known.
   */
  private static boolean convert(Map<String, String> values, CommandSpec spec, String where) {
    CommandSpec probe = CommandSpec.create();
    values.keySet().forEach(k -> probe.addOption(OptionSpec.builder(spec.findOption(k)).required(false)
        .getter(new CommandLine.Model.IGetter() {
          @Override
          public <T> T get() {
            return null;
          }
        }).setter(new CommandLine.Model.ISetter() {
          @Override
          public <T> T set(T v) {
            return null;
          }
        }).build()));
    CommandLine cl = new CommandLine(probe);
    cl.setCaseInsensitiveEnumValuesAllowed(spec.parser().caseInsensitiveEnumValuesAllowed());
    cl.setDefaultValueProvider(arg -> arg instanceof OptionSpec o ? values.get(key(o)) : null);
    try {
      cl.parseArgs();
      return true;
    } catch (CommandLine.ParameterException e) {
      String key = e.getArgSpec() instanceof OptionSpec o ? key(o) : values.size() == 1 ? values.keySet()
          .iterator().next() : null;
      if (key == null) {
        return false;
      }
      String why = String.valueOf(e.getMessage()).replaceFirst("^Invalid value for option '[^']*'( \\([^)]*\\))?: ",
          "");
      throw new IllegalArgumentException(where + ": option '" + key + "' has an invalid value: " + why, e);
    }
  }

  private static String key(OptionSpec o) {
    return o.longestName().replaceFirst("^-+", "");
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

  /** Where the values came from, as errors name it ({@code config FILE}, {@code run NAME}). */
  public String where() {
    return where;
  }

  /**
   * Whether this file set {@code option} to other than the value it held before the file applied (its default),
   * given that {@code option} is an option of the spec the file was read for and was not given on the command line.
   */
  public boolean changed(OptionSpec option) {
    String k = key(option);
    return values.containsKey(k) && !java.util.Objects.equals(snapshot(option.getValue()), before.get(k));
  }

  private static Object snapshot(Object value) {
    return value instanceof java.util.Collection<?> c ? new ArrayList<>(c) : value;
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
   *
   * @throws CommandLine.ParameterException of the subcommand, naming the file and what is wrong with it
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
        try {
          sub.setDefaultValueProvider(read(Path.of(file), sub.getCommandSpec()));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(sub, e.getMessage(), e); // the subcommand's usage error
        }
        return;
      }
    }
  }
}
