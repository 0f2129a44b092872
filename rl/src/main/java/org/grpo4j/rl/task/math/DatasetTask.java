package org.grpo4j.rl.task.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.grpo4j.rl.task.Permutations;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.WeightedReward;

/**
 * A math task over loaded problems: training index {@code i} is position {@code i % n} of epoch {@code i / n}, each
 * epoch a fresh seeded shuffle of the {@code n} training problems; the held-out set is either given or the last
 * {@code heldOutSize} problems of a seeded permutation (the rest train, in file order).
 */
public final class DatasetTask implements Task {
  private static final long SPLIT_STREAM = 0x7370_6C69_7400L;
  private static final long EPOCH_STREAM = 0x6570_6F63_6800L;

  /** One epoch's visiting order, cached because consecutive indices share an epoch. */
  private record EpochOrder(long epoch, int[] order) {}

  private final String name;
  private final List<Problem> train;
  private final List<Problem> heldOut;
  private final long seed;
  private final List<WeightedReward> rewards;
  private volatile EpochOrder current;

  private DatasetTask(String name, List<Problem> train, List<Problem> heldOut, long seed, double formatWeight) {
    if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("dataset task name '" + name + "' must be letters, digits, '_' or '-'");
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException("dataset task " + name + ": no training problems, expected at least one");
    }
    this.name = name;
    this.train = List.copyOf(train);
    this.heldOut = List.copyOf(heldOut);
    this.seed = seed;
    this.rewards = MathRewards.standard(formatWeight);
  }

  /** Splits {@code problems} into training and the last {@code heldOutSize} of a permutation seeded by {@code seed}. */
  public static DatasetTask split(String name, List<Problem> problems, int heldOutSize, long seed) {
    return split(name, problems, heldOutSize, seed, MathRewards.DEFAULT_FORMAT_WEIGHT);
  }

  /** {@link #split(String, List, int, long)} with format reward weight {@code formatWeight}. */
  public static DatasetTask split(String name, List<Problem> problems, int heldOutSize, long seed,
      double formatWeight) {
    Objects.requireNonNull(problems, "problems");
    if (heldOutSize < 0 || heldOutSize >= problems.size()) {
      throw new IllegalArgumentException("dataset task " + name + ": held-out size " + heldOutSize + " must be in 0.."
          + (problems.size() - 1) + " for " + problems.size() + " problems (at least one must train)");
    }
    int[] perm = Permutations.of(problems.size(), Seeds.mix(seed ^ SPLIT_STREAM, 0));
    boolean[] held = new boolean[problems.size()];
    List<Problem> heldOut = new ArrayList<>(heldOutSize);
    for (int k = problems.size() - heldOutSize; k < problems.size(); k++) {
      held[perm[k]] = true;
      heldOut.add(problems.get(perm[k]));
    }
    List<Problem> train = new ArrayList<>(problems.size() - heldOutSize);
    for (int i = 0; i < problems.size(); i++) {
      if (!held[i]) {
        train.add(problems.get(i));
      }
    }
    return new DatasetTask(name, train, heldOut, seed, formatWeight);
  }

  /** Trains on {@code train} and holds out {@code heldOut} (e.g. a separate test file), both used as given. */
  public static DatasetTask withHeldOut(String name, List<Problem> train, List<Problem> heldOut, long seed,
      double formatWeight) {
    return new DatasetTask(name, Objects.requireNonNull(train, "train"), Objects.requireNonNull(heldOut, "heldOut"),
        seed, formatWeight);
  }

  @Override
  public String name() {
    return name;
  }

  /** The training problems in their stored order (before any epoch shuffle). */
  @Override
  public Optional<List<Problem>> trainingSet() {
    return Optional.of(train);
  }

  @Override
  public Problem trainProblem(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("dataset task " + name + ": problem index " + index + " must be >= 0");
    }
    long epoch = index / train.size();
    EpochOrder o = current;
    if (o == null || o.epoch() != epoch) {
      o = new EpochOrder(epoch, Permutations.of(train.size(), Seeds.mix(seed ^ EPOCH_STREAM, epoch)));
      current = o;
    }
    return train.get(o.order()[(int) (index % train.size())]);
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

}
