package org.grpo4j.cli.train;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.grpo4j.rl.task.Permutations;
import org.grpo4j.cli.check.BoundedLines;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.code.CodeProblems;
import org.grpo4j.rl.task.code.CodeReference;
import org.grpo4j.rl.task.code.CodeReward;
import org.grpo4j.rl.task.code.ProblemSetTask;
import org.grpo4j.sandbox.TestSpec;

/** Builds {@code --task code} from JSONL files: MultiPL-E ({@code tests}) or the cases form, checked against the format. */
final class CodeTasks {
  /** Most problems read from one file. */
  static final int MAX_PROBLEMS = 1_000_000;
  private static final long SPLIT_STREAM = 0x636F_6465_5370L;

  private CodeTasks() {}

  /**
   * A task over {@code data}: with {@code heldOutData} its problems are held out, otherwise {@code heldOut} (of the
   * number of problems; it checks that number) problems of a permutation seeded by {@code seed} are.
   */
  static Task fromFiles(Path data, Path heldOutData, TaskOptions.DataFormat format, IntUnaryOperator heldOut,
      long seed, CodeReward reward) {
    List<Problem> problems = load(data, "--data", format);
    if (heldOutData != null) {
      return new ProblemSetTask("code", problems, load(heldOutData, "--held-out-data", format), seed, reward);
    }
    int held = heldOut.applyAsInt(problems.size());
    int[] perm = Permutations.of(problems.size(), seed ^ SPLIT_STREAM);
    List<Problem> train = new ArrayList<>();
    List<Problem> test = new ArrayList<>();
    for (int k = 0; k < perm.length; k++) {
      (k < perm.length - held ? train : test).add(problems.get(perm[k]));
    }
    return new ProblemSetTask("code", train, test, seed, reward);
  }

  /** The problems of {@code file}, every one in {@code format}'s form; errors name the option, file and line. */
  static List<Problem> load(Path file, String option, TaskOptions.DataFormat format) {
    if (format != TaskOptions.DataFormat.MULTIPL_E && format != TaskOptions.DataFormat.CASES) {
      throw new IllegalArgumentException("--data-format " + format + " is a math format; --task code reads "
          + TaskOptions.DataFormat.MULTIPL_E + " or " + TaskOptions.DataFormat.CASES);
    }
    String what = option + " " + file;
    List<String> lines = BoundedLines.read(file, what, MAX_PROBLEMS);
    List<Problem> out;
    try {
      out = CodeProblems.readJsonl(new StringReader(String.join("\n", lines)), what);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what, e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(what + " holds no problems; expected JSONL, one problem a line");
    }
    for (Problem p : out) {
      TestSpec tests = CodeReference.parse(p.reference()).tests();
      boolean cases = tests instanceof TestSpec.Cases;
      if (cases != (format == TaskOptions.DataFormat.CASES)) {
        throw new IllegalArgumentException(what + ": problem " + p.id() + " has " + (cases ? "\"cases\"" : "\"tests\"")
            + " but --data-format " + format + " expects " + (cases ? "\"tests\" (MultiPL-E)" : "\"entry_point\" and "
            + "\"cases\""));
      }
    }
    return out;
  }

}
