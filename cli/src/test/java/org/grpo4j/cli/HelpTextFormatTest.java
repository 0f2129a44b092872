package org.grpo4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every help text of every command is a valid format string (picocli formats descriptions with String.format, so a
 * bare '%' such as "95% interval" prints a WARN instead of the text), and `experiment --help` prints no warning.
 */
class HelpTextFormatTest {
  @Test
  void everyDescriptionIsAValidFormatString() {
    List<String> bad = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    visit(new CommandLine(new Grpo4jCli()).getCommandSpec(), bad, checked);
    assertTrue(checked.size() > 50, "the walk reached the subcommands' options: " + checked.size() + " texts");
    assertTrue(checked.stream().anyMatch(t -> t.contains("95%% interval")), "the experiment command was checked");
    assertTrue(bad.isEmpty(), "descriptions that are not valid format strings (escape '%' as '%%'): " + bad);
  }

  @Test
  void experimentHelpPrintsNoWarning() {
    CliRun run = CliRun.of("experiment", "--help");
    assertTrue(run.exit() == 0, "exit " + run.exit() + ": " + run.err());
    assertTrue(run.out().replaceAll("\\s+", " ").contains("Every number comes with a 95% interval."), run.out());
    assertTrue(!run.err().contains("WARN") && !run.out().contains("WARN"), run.err());
  }

  private static void visit(CommandSpec spec, List<String> bad, List<String> checked) {
    List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
    for (ArgSpec a : spec.args()) {
      texts.addAll(List.of(a.description()));
    }
    for (String t : texts) {
      checked.add(t);
      try {
        String.format(Locale.ROOT, t);
      } catch (IllegalFormatException e) {
        bad.add(spec.qualifiedName() + ": " + t + " (" + e.getMessage() + ")");
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      if (sub.getCommandSpec() != spec) {
        visit(sub.getCommandSpec(), bad, checked);
      }
    }
  }
}
