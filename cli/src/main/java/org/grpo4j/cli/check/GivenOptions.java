package org.grpo4j.cli.check;

import java.util.ArrayList;
import java.util.List;
import org.grpo4j.cli.ConfigFileDefaults;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options given on a command line, or set to other than their defaults by a {@code --config} file (or a sweep
 * run's values), so a command can refuse an option that another one makes meaningless instead of silently ignoring
 * it. A file's value equal to the default counts as not given: a run's {@code command.json} lists every option.
 */
public final class GivenOptions {
  private GivenOptions() {}

  /**
   * Those of {@code names} given to {@code spec}, in the order of {@code names}; one set by a config file reads
   * "{@code --name} (config FILE)".
   */
  public static List<String> of(CommandSpec spec, String... names) {
    ParseResult parsed = spec == null ? null : spec.commandLine().getParseResult();
    List<String> given = new ArrayList<>();
    for (String n : names) {
      if (parsed != null && parsed.hasMatchedOption(n)) {
        given.add(n);
      } else if (spec != null && spec.defaultValueProvider() instanceof ConfigFileDefaults file) {
        OptionSpec o = spec.findOption(n);
        if (o != null && file.changed(o)) {
          given.add(n + " (" + file.where() + ")");
        }
      }
    }
    return given;
  }

  /** True when {@code name} was given on the command line that {@code spec} parsed. */
  public static boolean given(CommandSpec spec, String name) {
    return !of(spec, name).isEmpty();
  }

  /**
   * Refuses the given ones of {@code names}: "{@code --a, --b} cannot be combined with {@code with}: {@code why}".
   */
  public static void refuse(CommandSpec spec, String with, String why, String... names) {
    List<String> given = of(spec, names);
    if (!given.isEmpty()) {
      throw new IllegalArgumentException(String.join(", ", given) + " cannot be combined with " + with + ": " + why);
    }
  }
}
