package org.grpo4j.cli.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.grpo4j.cli.check.Bounds;
import org.grpo4j.cli.check.GivenOptions;
import org.grpo4j.nn.io.IoErrors;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.code.CodeReward;
import org.grpo4j.rl.task.code.Difficulty;
import org.grpo4j.rl.task.code.FunctionTask;
import org.grpo4j.rl.task.code.FunctionTaskConfig;
import org.grpo4j.rl.task.math.DatasetTask;
import org.grpo4j.rl.task.math.LoadedProblems;
import org.grpo4j.rl.task.math.MalformedLines;
import org.grpo4j.rl.task.math.MathDatasets;
import org.grpo4j.rl.task.math.MathOp;
import org.grpo4j.rl.task.math.MathTask;
import org.grpo4j.rl.task.math.MathTaskConfig;
import org.grpo4j.sandbox.Limits;
import org.grpo4j.sandbox.SandboxPool;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which task a run trains on: generated math (with its knobs) or a math dataset file; generated JavaScript functions
 * (with their knobs) or a MultiPL-E / cases JSONL file, scored in the sandbox.
 */
final class TaskOptions {
  /** The tasks {@code --task} names. */
  enum TaskName {
    /** Arithmetic and word problems, or GSM8K / MATH files. */
    MATH,
    /** JavaScript functions run against tests in the sandbox: generated, or MultiPL-E / cases files. */
    CODE
  }

  /** Dataset formats of {@code --data}. */
  enum DataFormat {
    /** GSM8K: {"question", "answer"}, the answer ending in "#### n". */
    GSM8K,
    /** MATH: {"problem", "solution"}, the answer in the solution's last \boxed{}. */
    MATH,
    /** Code, MultiPL-E: {"name", "prompt", "tests", "stop_tokens"}. */
    MULTIPL_E,
    /** Code, cases form: {"name", "prompt", "entry_point", "cases": [{"args", "expected"}], "solution"}. */
    CASES
  }

  @Option(names = "--task", description = "task: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  TaskName name = TaskName.MATH;

  @Option(names = "--data", paramLabel = "FILE.jsonl", description = "train on this dataset instead of generated "
      + "problems")
  Path data;

  @Option(names = "--data-format", description = "--data format: ${COMPLETION-CANDIDATES} (default: gsm8k for math, "
      + "multipl_e for code)")
  DataFormat dataFormat;

  @Option(names = "--held-out-data", paramLabel = "FILE.jsonl", description = "held-out problems in --data's format "
      + "(default: --task-held-out problems split off --data)")
  Path heldOutData;

  @Option(names = "--malformed", description = "a malformed dataset line: ${COMPLETION-CANDIDATES} (default "
      + "${DEFAULT-VALUE})")
  MalformedLines malformed = MalformedLines.FAIL;

  @Option(names = "--digits", description = "generated math: digits per operand (default ${DEFAULT-VALUE})")
  int digits = 2;

  @Option(names = "--ops", split = ",", description = "generated math: operations, of ${COMPLETION-CANDIDATES} "
      + "(default ${DEFAULT-VALUE})")
  List<MathOp> ops = List.of(MathOp.ADD);

  @Option(names = "--steps", description = "generated math: operations per problem (default ${DEFAULT-VALUE})")
  int steps = 1;

  @Option(names = "--word-problems", description = "generated math: half the problems are word problems")
  boolean wordProblems;

  @Option(names = "--task-held-out", description = "held-out problems of the task (default ${DEFAULT-VALUE}; split "
      + "off --data: at most all but one, more given is an error)")
  int taskHeldOut = 500;

  @Option(names = "--difficulty", description = "generated code: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  Difficulty difficulty = Difficulty.EASY;

  @Option(names = "--examples", description = "generated code: worked examples in the prompt, 0 to 5 (default "
      + "${DEFAULT-VALUE})")
  int examples = 0;

  @Option(names = "--hidden-cases", description = "generated code: hidden test cases per problem, 1 to 100 (default "
      + "${DEFAULT-VALUE})")
  int hiddenCases = 5;

  @Option(names = "--max-value", description = "generated code: largest integer in arguments (default "
      + "${DEFAULT-VALUE})")
  int maxValue = 9;

  @Option(names = "--sandbox-time-ms", description = "code: wall-clock limit per program in ms (default "
      + "${DEFAULT-VALUE})")
  long sandboxTimeMs = Limits.defaults().timeMillis();

  @Option(names = "--sandbox-instructions", description = "code: interpreter instructions per program (default "
      + "${DEFAULT-VALUE})")
  long sandboxInstructions = Limits.defaults().instructions();

  /** The command these options belong to (for the options given on its command line). */
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  /** The task, its data and held-out set seeded by {@code seed}. */
  Task build(long seed) {
    Bounds.require("--task-held-out", taskHeldOut, 0, 1_000_000);
    if (name == TaskName.CODE) {
      return buildCode(seed);
    }
    DataFormat format = mathFormat();
    refuseUnused();
    if (data == null) {
      if (heldOutData != null) {
        throw new IllegalArgumentException("--held-out-data " + heldOutData + " needs --data");
      }
      return new MathTask(mathConfig(seed));
    }
    String name = format.name().toLowerCase(java.util.Locale.ROOT);
    List<Problem> train = load("--data", data, format);
    if (heldOutData != null) {
      return DatasetTask.withHeldOut(name, train, load("--held-out-data", heldOutData, format), seed,
          org.grpo4j.rl.task.math.MathRewards.DEFAULT_FORMAT_WEIGHT);
    }
    return DatasetTask.split(name, train, heldOutOf(train.size()), seed);
  }

  /**
   * How many of the {@code problems} problems of --data are held out: --task-held-out when given (an error unless one
   * problem is left to train on); the default, at most all but one. At least two problems are needed.
   */
  int heldOutOf(int problems) {
    if (problems < 2) {
      throw new IllegalArgumentException("--data " + data + " has " + problems + " problem; at least 2 are needed to "
          + "split off a held-out set (or give --held-out-data)");
    }
    if (GivenOptions.given(spec, "--task-held-out") && taskHeldOut > problems - 1) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "--task-held-out %d leaves no problem "
          + "to train on: --data %s has %d (expected 0 to %d, or give --held-out-data)", taskHeldOut, data, problems,
          problems - 1));
    }
    return Math.min(taskHeldOut, problems - 1);
  }

  /** Refuses options given on the command line that this task would ignore, naming them. */
  private void refuseUnused() {
    if (data == null) {
      List<String> given = GivenOptions.of(spec, "--data-format", "--malformed");
      if (!given.isEmpty()) {
        throw new IllegalArgumentException(String.join(", ", given) + (given.size() == 1 ? " needs" : " need")
            + " --data: without it the task's problems are generated, there is no dataset file to read");
      }
    }
    String[] math = {"--digits", "--ops", "--steps", "--word-problems"};
    String[] code = {"--difficulty", "--examples", "--hidden-cases", "--max-value"};
    String[] sandbox = {"--sandbox-time-ms", "--sandbox-instructions"};
    if (name == TaskName.CODE) {
      GivenOptions.refuse(spec, "--task " + name, "options of generated math problems", math);
    } else {
      GivenOptions.refuse(spec, "--task " + name, "options of code problems (--task " + TaskName.CODE + ")", code);
      GivenOptions.refuse(spec, "--task " + name, "options of code programs (--task " + TaskName.CODE + ")", sandbox);
    }
    if (data != null) {
      GivenOptions.refuse(spec, "--data " + data, "options of generated problems (a dataset's are read as they are)",
          name == TaskName.CODE ? code : math);
    }
    if (heldOutData != null) {
      GivenOptions.refuse(spec, "--held-out-data " + heldOutData, "the held-out problems are that file's, none is "
          + "split off --data", "--task-held-out");
    }
  }

  /** The code task: generated functions, or --data in MultiPL-E or cases form, scored on the shared sandbox pool. */
  private Task buildCode(long seed) {
    checkCode();
    CodeReward reward = new CodeReward(SandboxPool.shared(), Limits.defaults().withTimeMillis(sandboxTimeMs)
        .withInstructions(sandboxInstructions));
    if (data == null) {
      if (heldOutData != null) {
        throw new IllegalArgumentException("--held-out-data " + heldOutData + " needs --data");
      }
      checkGeneratedCode();
      return new FunctionTask(new FunctionTaskConfig(seed, difficulty, examples, hiddenCases, taskHeldOut, maxValue),
          reward);
    }
    return CodeTasks.fromFiles(data, heldOutData, dataFormat == null ? DataFormat.MULTIPL_E : dataFormat,
        this::heldOutOf, seed, reward);
  }

  /**
   * The checks {@link #build} makes of these option values, made without reading --data or making any problem, so
   * that a sweep can check every run's options before any run starts.
   */
  void check() {
    Bounds.require("--task-held-out", taskHeldOut, 0, 1_000_000);
    if (name == TaskName.CODE) {
      checkCode();
      if (data == null) {
        checkGeneratedCode();
      }
    } else {
      mathFormat();
      refuseUnused();
      if (data == null) {
        mathConfig(0);
      }
    }
  }

  /** The --data-format of --task math, checked to be a math format. */
  private DataFormat mathFormat() {
    DataFormat format = dataFormat == null ? DataFormat.GSM8K : dataFormat;
    if (format != DataFormat.GSM8K && format != DataFormat.MATH) {
      throw new IllegalArgumentException("--data-format " + format + " is a code format; --task math reads "
          + DataFormat.GSM8K + " or " + DataFormat.MATH);
    }
    return format;
  }

  private MathTaskConfig mathConfig(long seed) {
    return new MathTaskConfig(digits, EnumSet.copyOf(ops), steps, wordProblems, seed, taskHeldOut);
  }

  private void checkCode() {
    Bounds.require("--sandbox-time-ms", sandboxTimeMs, 1, 600_000);
    Bounds.require("--sandbox-instructions", sandboxInstructions, Limits.OBSERVER_THRESHOLD, Integer.MAX_VALUE);
    if (malformed != MalformedLines.FAIL) {
      throw new IllegalArgumentException("--malformed " + malformed + " is for math datasets; a code dataset's "
          + "malformed line always stops the run (expected " + MalformedLines.FAIL + ")");
    }
    refuseUnused();
  }

  private void checkGeneratedCode() {
    Bounds.require("--examples", examples, 0, 5);
    Bounds.require("--hidden-cases", hiddenCases, 1, 100);
    Bounds.require("--max-value", maxValue, 1, 1_000_000);
  }

  /**
   * Stop strings of the task's completions: none. Math and code completions end with the tokenizer's end-of-text
   * token; code's own stop strings (MultiPL-E's {@code "\nfunction "}, ...) span several tokens, so the code reward
   * cuts the completion at them instead (a stop string must be one token).
   */
  List<String> stopStrings() {
    return List.of();
  }

  /** The problems of {@code file}, given by {@code option}: none is an error; skipped lines are reported. */
  private List<Problem> load(String option, Path file, DataFormat format) {
    LoadedProblems loaded;
    try {
      loaded = format == DataFormat.GSM8K ? MathDatasets.loadGsm8k(file, malformed)
          : MathDatasets.loadMath(file, malformed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + IoErrors.reason(e), e);
    }
    String skipped = loaded.skipped() == 0 ? "" : String.format(java.util.Locale.ROOT,
        "%d malformed line%s skipped, the first: %s", loaded.skipped(), loaded.skipped() == 1 ? "" : "s",
        loaded.firstSkipReason());
    if (loaded.problems().isEmpty()) {
      throw new IllegalArgumentException(option + " " + file + " holds no problems (expected JSONL, one " + format
          + " problem a line" + (skipped.isEmpty() ? ")" : "; " + skipped + ")"));
    }
    if (!skipped.isEmpty() && spec != null) {
      spec.commandLine().getErr().println("train: " + option + " " + file + ": " + loaded.problems().size()
          + " problems read, " + skipped);
    }
    return loaded.problems();
  }
}
