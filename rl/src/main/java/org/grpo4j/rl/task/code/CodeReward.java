package org.grpo4j.rl.task.code;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.RewardFunction;
import org.grpo4j.rl.task.Score;
import org.grpo4j.rl.task.StatusCounts;
import org.grpo4j.sandbox.Limits;
import org.grpo4j.sandbox.Program;
import org.grpo4j.sandbox.SandboxPool;
import org.grpo4j.sandbox.SandboxResult;
import org.grpo4j.sandbox.Status;

/**
 * The code reward: runs the prompt followed by the completion (cut at the reference's stop tokens) against the
 * problem's tests in the sandbox; the reward is the fraction of tests passed and the status the sandbox's word.
 */
public final class CodeReward implements RewardFunction {
  /** The name code tasks give this reward. */
  public static final String NAME = "tests";
  /** Every sandbox status of the {@value #NAME} reward counted as {@code code/status/<word>}. */
  public static final List<StatusCounts> STATUS_COUNTS = List.of(new StatusCounts(NAME, "code",
      Arrays.stream(Status.values()).map(Status::word).toList()));
  private final SandboxPool pool;
  private final Limits limits;

  /** A reward running programs on {@code pool} under {@code limits}. */
  public CodeReward(SandboxPool pool, Limits limits) {
    this.pool = Objects.requireNonNull(pool, "sandbox pool");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** A reward on the shared pool with the default limits. */
  public static CodeReward withDefaults() {
    return new CodeReward(SandboxPool.shared(), Limits.defaults());
  }

  /** The program the sandbox runs for {@code completion}: the prompt, then the completion cut at a stop token. */
  public static String program(Problem problem, CodeReference reference, String completion) {
    return problem.originalPrompt() + reference.truncate(completion);
  }

  /** The sandbox's full result for a completion. */
  public SandboxResult run(Problem problem, String completion) {
    CodeReference ref = CodeReference.parse(problem.reference());
    return pool.run(new Program(program(problem, ref, completion), ref.tests(), limits, 0L));
  }

  @Override
  public Score score(Problem problem, String completion) {
    SandboxResult r = run(problem, completion);
    return new Score(r.reward(), r.status().word(), r.message().isEmpty() ? null : r.message());
  }
}
