package org.grpo4j.cli.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.math.DatasetTask;
import org.grpo4j.rl.task.math.LoadedProblems;
import org.grpo4j.rl.task.math.MalformedLines;
import org.grpo4j.rl.task.math.MathDatasets;
import org.grpo4j.rl.task.math.MathOp;
import org.grpo4j.rl.task.math.MathTask;
import org.grpo4j.rl.task.math.MathTaskConfig;
import picocli.CommandLine.Option;

/** Which task a run trains on: generated math (with its knobs) or a math dataset file. */
final class TaskOptions {
  /** The tasks {@code --task} names. */
  enum TaskName {
    MATH
  }

  /** Dataset formats of {@code --data}. */
  enum DataFormat {
    /** GSM8K: {"question", "answer"}, the answer ending in "#### n". */
    GSM8K,
    /** MATH: {"problem", "solution"}, the answer in the solution's last \boxed{}. */
    MATH
  }

  @Option(names = "--task", description = "task: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  TaskName name = TaskName.MATH;

  @Option(names = "--data", paramLabel = "FILE.jsonl", description = "math: train on this dataset instead of "
      + "generated problems")
  Path data;

  @Option(names = "--data-format", description = "--data format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  DataFormat dataFormat = DataFormat.GSM8K;

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

  /** The task, its data and held-out set seeded by {@code seed}. */
  Task build(long seed) {
    if (data == null) {
      if (heldOutData != null) {
        throw new IllegalArgumentException("--held-out-data " + heldOutData + " needs --data");
      }
      return new MathTask(new MathTaskConfig(digits, EnumSet.copyOf(ops), steps, wordProblems, seed, taskHeldOut));
    }
    String name = dataFormat.name().toLowerCase(java.util.Locale.ROOT);
    LoadedProblems train = load(data);
    if (heldOutData != null) {
      return DatasetTask.withHeldOut(name, train.problems(), load(heldOutData).problems(), seed,
          org.grpo4j.rl.task.math.MathRewards.DEFAULT_FORMAT_WEIGHT);
    }
    return DatasetTask.split(name, train.problems(), Math.min(taskHeldOut, train.problems().size() - 1), seed);
  }

  /** Stop strings of the task's completions (none: completions end with the tokenizer's end-of-text token). */
  List<String> stopStrings() {
    return List.of();
  }

  private LoadedProblems load(Path file) {
    try {
      return dataFormat == DataFormat.GSM8K ? MathDatasets.loadGsm8k(file, malformed)
          : MathDatasets.loadMath(file, malformed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
