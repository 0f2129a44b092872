package org.grpo4j.rl.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.rl.task.RewardFunction;
import org.grpo4j.rl.task.Score;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.task.WeightedReward;

/**
 * Runs reward functions on a small pool of daemon threads with a time limit per call, counted from the moment the
 * call starts running. A call that throws is recorded as status {@link #ERROR}, one past the limit as
 * {@link #TIMEOUT} (it is interrupted, and the pool grows by a thread in case it ignores that); both score 0 and
 * never stop training. Outcomes other than timeouts depend only on the functions, not on scheduling.
 */
public final class RewardRunner implements AutoCloseable {
  /** Status of a reward function that threw. */
  public static final String ERROR = "error";
  /** Status of a reward function that ran past its time limit. */
  public static final String TIMEOUT = "timeout";
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final List<WeightedReward> rewards;
  private final long timeoutNanos;
  private final ThreadPoolExecutor pool;

  /** A runner of {@code rewards} on {@code threads} threads, each call limited to {@code timeoutSeconds}. */
  public RewardRunner(List<WeightedReward> rewards, int threads, double timeoutSeconds) {
    if (threads < 1 || !(timeoutSeconds > 0)) {
      throw new IllegalArgumentException("reward runner: threads " + threads + " must be >= 1 and timeout "
          + timeoutSeconds + " s > 0");
    }
    this.rewards = List.copyOf(rewards);
    this.timeoutNanos = (long) (timeoutSeconds * 1e9);
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "grpo4j-reward");
      t.setDaemon(true);
      return t;
    });
  }

  /** Each sample scored by every reward function, in order. */
  public List<ScoredSample> score(List<Sample> samples) {
    List<List<Call>> calls = new ArrayList<>();
    for (Sample s : samples) {
      List<Call> row = new ArrayList<>();
      for (WeightedReward w : rewards) {
        row.add(submit(w.function(), s.problem(), s.text()));
      }
      calls.add(row);
    }
    List<ScoredSample> out = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      List<RewardOutcome> outcomes = new ArrayList<>();
      double total = 0;
      for (int j = 0; j < rewards.size(); j++) {
        WeightedReward w = rewards.get(j);
        Score sc = await(calls.get(i).get(j));
        outcomes.add(new RewardOutcome(w.name(), w.weight(), sc.reward(), sc.status(), sc.detail()));
        total += w.weight() * sc.reward();
      }
      out.add(new ScoredSample(samples.get(i), outcomes, total));
    }
    return out;
  }

  /** Whether {@code task} counts {@code completion} as solving {@code problem}; a failure or timeout is false. */
  public boolean solved(Task task, Problem problem, String completion) {
    Score s = await(submit((p, c) -> Score.of(task.solved(p, c) ? 1 : 0), problem, completion));
    return s.status().equals("ok") && s.reward() >= 1;
  }

  private Call submit(RewardFunction f, Problem p, String text) {
    Call c = new Call(f, p, text);
    c.future = pool.submit(c);
    return c;
  }

  private Score await(Call c) {
    while (true) {
      long started = c.start;
      long wait = started < 0 ? POLL_NANOS : timeoutNanos - (System.nanoTime() - started);
      if (started >= 0 && wait <= 0 && !c.future.isDone()) {
        c.future.cancel(true);
        synchronized (pool) { // a thread that ignores the interrupt stays busy: add one in its place
          pool.setMaximumPoolSize(pool.getMaximumPoolSize() + 1);
          pool.setCorePoolSize(pool.getCorePoolSize() + 1);
        }
        return new Score(0, TIMEOUT, "ran past the limit of " + timeoutNanos / 1e9 + " s");
      }
      try {
        Score s = c.future.get(Math.max(1, wait), TimeUnit.NANOSECONDS);
        return s != null ? s : new Score(0, ERROR, "the reward function returned no score");
      } catch (TimeoutException e) {
        // loop: not started yet, or the limit is checked again above
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        return new Score(0, ERROR, cause.getClass().getSimpleName() + ": " + cause.getMessage());
      } catch (java.util.concurrent.CancellationException e) {
        return new Score(0, TIMEOUT, "cancelled");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a reward function", e);
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** One call of a reward function, remembering when it started running. */
  private static final class Call implements Callable<Score> {
    private final RewardFunction function;
    private final Problem problem;
    private final String text;
    private volatile long start = -1;
    private Future<Score> future;

    Call(RewardFunction function, Problem problem, String text) {
      this.function = function;
      this.problem = problem;
      this.text = text;
    }

    @Override
    public Score call() {
      start = System.nanoTime();
      return function.score(problem, text);
    }
  }
}
