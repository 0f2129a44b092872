package org.grpo4j.rl.task.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.WeightedReward;

/**
 * Generated arithmetic problems ({@code Q: 23+45=?\nA:}, solution {@code  23+45=68 #### 68}). Training problem
 * {@code i} depends only on the seed and {@code i}. When a held-out set is asked for, one prompt in
 * {@link #HELD_OUT_SHARE} (chosen by a seeded hash of the prompt text) is reserved for it, so held-out prompts never
 * occur in the training stream.
 */
public final class MathTask implements Task {
  /** One prompt in this many is reserved for the held-out set. */
  public static final int HELD_OUT_SHARE = 16;
  /** Most draws for one problem before the configuration is declared too small to split. */
  static final int MAX_DRAWS = 20_000;

  private static final long TRAIN_STREAM = 0x7472_6169_6E00L;
  private static final long HELD_OUT_STREAM = 0x6865_6C64_6F75L;
  private static final long SPLIT_STREAM = 0x7370_6C69_7400L;

  private final MathTaskConfig config;
  private final List<WeightedReward> rewards;
  private final List<Problem> heldOut;

  /** A task over {@code config} with the default format weight. */
  public MathTask(MathTaskConfig config) {
    this(config, MathRewards.DEFAULT_FORMAT_WEIGHT);
  }

  /** A task over {@code config} whose format reward has weight {@code formatWeight}. */
  public MathTask(MathTaskConfig config, double formatWeight) {
    this.config = Objects.requireNonNull(config, "math task config");
    this.rewards = MathRewards.standard(formatWeight);
    List<Problem> held = new ArrayList<>(config.heldOutSize());
    for (int j = 0; j < config.heldOutSize(); j++) {
      GeneratedProblem g = draw(Seeds.mix(config.seed() ^ HELD_OUT_STREAM, j), true);
      held.add(new Problem("math-heldout-" + j, g.prompt(), g.answer(), g.solution()));
    }
    this.heldOut = List.copyOf(held);
  }

  /** The knobs this task was made with. */
  public MathTaskConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "math";
  }

  @Override
  public Problem trainProblem(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("math task: problem index " + index + " must be >= 0");
    }
    GeneratedProblem g = draw(Seeds.mix(config.seed() ^ TRAIN_STREAM, index), false);
    return new Problem("math-train-" + index, g.prompt(), g.answer(), g.solution());
  }

  @Override
  public List<Problem> heldOut() {
    return heldOut;
  }

  @Override
  public List<WeightedReward> rewards() {
    return rewards;
  }

  @Override
  public boolean solved(Problem problem, String completion) {
    return MathRewards.solved(problem, completion);
  }

  /** Whether {@code prompt} belongs to the held-out share under this task's seed (never when none is held out). */
  boolean reservedForHeldOut(String prompt) {
    long h = Seeds.mix(config.seed() ^ SPLIT_STREAM, prompt.hashCode());
    return config.heldOutSize() > 0 && Long.remainderUnsigned(h, HELD_OUT_SHARE) == 0;
  }

  /** Draws from one seeded stream until the prompt falls on the wanted side of the split. */
  private GeneratedProblem draw(long seed, boolean heldOutSide) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < MAX_DRAWS; i++) {
      GeneratedProblem g = config.wordProblems() && r.nextBoolean()
          ? WordProblems.generate(config, r) : ArithmeticProblems.generate(config, r);
      if (reservedForHeldOut(g.prompt()) == heldOutSide) {
        return g;
      }
    }
    throw new IllegalArgumentException("math task: " + config + " has too few distinct problems to split off a "
        + (heldOutSide ? "held-out" : "training") + " share (no problem after " + MAX_DRAWS + " draws); "
        + "use more digits, steps or operations, or held-out size 0");
  }
}
