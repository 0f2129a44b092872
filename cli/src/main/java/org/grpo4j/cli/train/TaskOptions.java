package org.grpo4j.cli.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.grpo4j.cli.check.Bounds;
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
import picocli.CommandLine.Option;

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

  @Option(names = "--task-held-out", description = "held-out problems of the task (default ${DEFAULT-VALUE})")
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

  /** The task, its data and held-out set seeded by {@code seed}. */
  Task build(long seed) {
    if (name == TaskName.CODE) {
      return buildCode(seed);
    }
    DataFormat format = mathFormat();
    if (data == null) {
      if (heldOutData != null) {
        throw new IllegalArgumentException("--held-out-data " + heldOutData + " needs --data");
      }
      return new MathTask(mathConfig(seed));
    }
    String name = format.name().toLowerCase(java.util.Locale.ROOT);
    LoadedProblems train = load(data, format);
    if (heldOutData != null) {
      return DatasetTask.withHeldOut(name, train.problems(), load(heldOutData, format).problems(), seed,
          org.grpo4j.rl.task.math.MathRewards.DEFAULT_FORMAT_WEIGHT);
    }
    return DatasetTask.split(name, train.problems(), Math.min(taskHeldOut, train.problems().size() - 1), seed);
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
        taskHeldOut, seed, reward);
  }

  /**
   * The checks {@link #build} makes of these option values, made without reading --data or making any problem, so
   * that a sweep can check every run's options before any run starts.
   */
  void check() {
    if (name == TaskName.CODE) {
      checkCode();
      if (data == null) {
        checkGeneratedCode();
      }
    } else {
      mathFormat();
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
    Bounds.require("--task-held-out", taskHeldOut, 0, 1_000_000);
    if (malformed != MalformedLines.FAIL) {
      throw new IllegalArgumentException("--malformed " + malformed + " is for math datasets; a code dataset's "
          + "malformed line always stops the run (expected " + MalformedLines.FAIL + ")");
    }
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

  private LoadedProblems load(Path file, DataFormat format) {
    try {
      return format == DataFormat.GSM8K ? MathDatasets.loadGsm8k(file, malformed)
          : MathDatasets.loadMath(file, malformed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
