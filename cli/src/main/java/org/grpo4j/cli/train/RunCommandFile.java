package org.grpo4j.cli.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.grpo4j.cli.ConfigFileDefaults;
import org.grpo4j.cli.check.Bounds;
import org.grpo4j.cli.check.ExistingOutput;
import org.grpo4j.cli.check.Outputs;
import org.grpo4j.nn.io.AtomicFiles;
import org.grpo4j.rl.train.EvalResult;
import org.grpo4j.rl.train.ObjectiveName;
import org.grpo4j.rl.train.TrainConfig;
import org.grpo4j.rl.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A run's {@code command.json}: every option value the run was started with, in the form {@code --config} reads, so
 * {@code --resume} rebuilds the same task and policy settings; also the checks a new or resumed run makes first.
 */
final class RunCommandFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Options that are about this process, not the run. */
  private static final Set<String> NOT_SAVED = Set.of("help", "version", "debug", "config", "out", "resume", "no-progress");
  /** Options that may be given with --resume. */
  private static final Set<String> RESUMABLE = Set.of("--resume", "--max-steps", "--no-progress");

  private RunCommandFile() {}

  /** Writes the option values of {@code spec} to {@code file} (atomically). */
  static void write(Path file, CommandSpec spec) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    for (OptionSpec opt : spec.options()) {
      String name = opt.longestName().replaceFirst("^-+", "");
      Object v = opt.getValue();
      if (NOT_SAVED.contains(name) || v == null) {
        continue;
      }
      if (v instanceof Collection<?> c) {
        ArrayNode a = o.putArray(name);
        c.forEach(x -> a.add(String.valueOf(x)));
      } else if (v instanceof Boolean b) {
        o.put(name, b);
      } else if (v instanceof ObjectiveName n) {
        o.put(name, n.cliName());
      } else if (v instanceof Enum<?> e) {
        o.put(name, e.name());
      } else {
        o.put(name, String.valueOf(v));
      }
    }
    AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
  }

  /** Refuses an existing non-empty directory or a file at {@code out}, before any work. */
  static void requireNewDirectory(Path out) throws IOException {
    Outputs.requireNamed(out, "--out", "directory");
    if (!TrainCommand.isNewDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + (Files.isDirectory(out) ? " is not empty" : " is a file")
          + "; a run never overwrites: choose a new directory, or continue that run with --resume " + out);
    }
    Path parent = out.toAbsolutePath().getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("--out " + out + " cannot be created: " + parent + " is not a directory");
    }
    Outputs.directory(out, "--out", ExistingOutput.REFUSE); // writable: a probe file is made and removed
  }

  /** The trainer continuing the run in {@code dir}, its task rebuilt from the run's command.json. */
  static Trainer resume(CommandSpec spec, Path dir, ConsoleTrainListener listener) {
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      if (!RESUMABLE.contains(o.longestName())) {
        throw new IllegalArgumentException(o.longestName() + " cannot be combined with --resume: a resumed run "
            + "keeps its settings (only --max-steps may change)");
      }
    }
    Path file = dir.resolve(TrainCommand.COMMAND_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--resume " + dir + " is not a grpo4j train run: it has no "
          + TrainCommand.COMMAND_FILE);
    }
    TrainCommand saved = new TrainCommand();
    CommandLine cl = new CommandLine(saved).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setDefaultValueProvider(ConfigFileDefaults.read(file, cl.getCommandSpec()));
    OptionSpec max = spec.findOption("--max-steps");
    boolean extend = spec.commandLine().getParseResult().hasMatchedOption("--max-steps");
    if (extend) {
      int steps = Bounds.require("--max-steps", max.<Integer>getValue(), 0, TrainPreflight.MAX_STEPS);
      int at = Trainer.resumeStep(dir);
      if (steps < at) {
        throw new IllegalArgumentException("--max-steps " + steps + " is below step " + at + ", where the run in "
            + dir + " stopped: a resumed run can only go on (expected at least " + at + ")");
      }
    }
    cl.parseArgs(extend ? new String[] {"--max-steps", String.valueOf((Object) max.getValue())} : new String[0]);
    TrainConfig fromCommand;
    try { // the saved options, checked as if given on the command line
      TrainPreflight.options(saved);
      fromCommand = saved.trainConfig();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    ResumeConfigCheck.require(file, fromCommand, Trainer.resumeConfig(dir), dir);
    Trainer t = Trainer.resume(dir, ChatOptions.apply(saved.task.build(saved.seed), saved.chat.format(
        saved.model.init)), saved.maxSteps, listener);
    if (extend) {
      try {
        write(file, cl.getCommandSpec());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot update " + file, e);
      }
    }
    return t;
  }

  /** The run's first held-out evaluation (step 0), or null when it has none. */
  static EvalResult firstEval(Path dir) throws IOException {
    Path file = dir.resolve("eval.jsonl");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      return null;
    }
    JsonNode e = JSON.readTree(lines.get(0));
    int n = e.path("n").asInt();
    double acc = e.path("accuracy").asDouble();
    return new EvalResult(e.path("step").asInt(), acc, e.path("ci_low").asDouble(), e.path("ci_high").asDouble(), n,
        e.has("correct") ? e.get("correct").asInt() : (int) Math.round(acc * n));
  }
}
