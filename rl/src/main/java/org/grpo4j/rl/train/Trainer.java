package org.grpo4j.rl.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.rl.rollout.RewardOutcome;
import org.grpo4j.rl.rollout.RewardRunner;
import org.grpo4j.rl.rollout.RolloutSampler;
import org.grpo4j.rl.rollout.ScoredSample;
import org.grpo4j.rl.rollout.StopTokens;
import org.grpo4j.rl.task.Task;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.ModelCheckpoint;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The GRPO-family trainer: {@link #create} starts a run in a new directory, {@link #resume} continues one from its
 * latest complete checkpoint, {@link #run} performs the iterations (the policy is trained in place), writing metrics,
 * evaluations, completions and checkpoints and telling a {@link TrainListener}. It prints nothing.
 */
public final class Trainer {
  private final RunDirectory run;
  private final LanguageModel model;
  private final Tokenizer tokenizer;
  private final Path tokenizerSource;
  private final Task task;
  private final TrainConfig config;
  private final TrainListener listener;
  private final AdamW optimizer;
  private LanguageModel reference;
  private int step;
  private long position;
  /** False until the warm start and the step-0 evaluation are done (a resumed run has them). */
  private boolean started;

  private Trainer(RunDirectory run, ModelDirectory policy, Task task, TrainConfig config, TrainListener listener) {
    this.run = run;
    this.model = policy.model();
    this.tokenizer = policy.tokenizer();
    this.tokenizerSource = policy.source();
    this.task = task;
    this.config = config;
    this.listener = listener == null ? TrainListener.none() : listener;
    this.optimizer = AdamW.forModel(model, AdamWConfig.of(config.lr()), config.weightDecay());
  }

  /** A new run of {@code policy} on {@code task} in {@code dir}, which must be new or empty; writes config.json. */
  public static Trainer create(Path dir, ModelDirectory policy, Task task, TrainConfig config,
      TrainListener listener) {
    StopTokens.resolve(policy.tokenizer(), config.rollout().stopStrings()); // fail before creating anything
    RunDirectory run = RunDirectory.create(dir);
    run.writeConfig(config);
    return new Trainer(run, policy, task, config, listener);
  }

  /**
   * The run in {@code dir} continued from its latest complete checkpoint up to {@code maxSteps} iterations: model,
   * optimizer, reference, data position and step are restored, and the JSONL files are cut back to that step.
   */
  public static Trainer resume(Path dir, Task task, int maxSteps, TrainListener listener) {
    RunDirectory run = RunDirectory.open(dir);
    Path ckpt = latestCheckpoint(run);
    TrainerState state = RunCheckpoints.readState(ckpt);
    RunCheckpoints.check(ckpt, state);
    if (maxSteps < state.step()) {
      throw new IllegalArgumentException("max steps " + maxSteps + " is below step " + state.step() + " of " + ckpt
          + ", where the run stopped: a resumed run only goes on (expected at least " + state.step() + ")");
    }
    TrainConfig config = state.config().withMaxSteps(maxSteps);
    ModelDirectory policy = ModelDirectory.load(ckpt, DataType.valueOf(state.dtype()));
    Trainer t = new Trainer(run, policy, task, config, listener);
    ModelCheckpoint.loadTraining(ckpt, t.model, t.optimizer);
    if (config.objective().beta() > 0) {
      t.reference = t.model.newLike(0);
      RunCheckpoints.loadReference(ckpt, t.reference);
    }
    t.step = state.step();
    t.position = state.dataPosition();
    t.started = true;
    run.truncateAfter(state.step());
    run.writeConfig(config);
    return t;
  }

  /** The step of the latest complete checkpoint of the run in {@code dir}, where {@link #resume} continues. */
  public static int resumeStep(Path dir) {
    return RunCheckpoints.readState(latestCheckpoint(RunDirectory.open(dir))).step();
  }

  /** The configuration stored with the run's latest complete checkpoint in {@code dir}, which {@link #resume} uses. */
  public static TrainConfig resumeConfig(Path dir) {
    return RunCheckpoints.readState(latestCheckpoint(RunDirectory.open(dir))).config();
  }

  private static Path latestCheckpoint(RunDirectory run) {
    return RunCheckpoints.latest(run.checkpoints()).orElseThrow(() -> new IllegalArgumentException("run directory "
        + run.path() + " has no complete checkpoint under " + RunDirectory.CHECKPOINTS + "/ to resume from"));
  }

  /** Runs the remaining iterations and returns how the run ended. */
  public TrainSummary run() {
    listener.onStart(config, step);
    Set<Integer> stops = StopTokens.resolve(tokenizer, config.rollout().stopStrings());
    RolloutSampler sampler = new RolloutSampler(model, tokenizer);
    int skipped = 0;
    EvalResult last = null;
    Path lastCheckpoint = null;
    try (RewardRunner rewards = new RewardRunner(task.rewards(), config.rollout().rewardThreads(),
        config.rollout().rewardTimeoutSeconds())) {
      Evaluator evaluator = new Evaluator(task, sampler, rewards, config, stops);
      if (!started) {
        started = true;
        if (config.sftSteps() > 0) {
          WarmStart.run(model, tokenizer, task, config, listener::onWarmStart);
        }
        reference = config.objective().beta() > 0 ? copy(model) : null;
        last = evaluate(evaluator, 0, last);
        if (config.maxSteps() == 0) { // no iteration will save: keep the warm-started model as step-0
          lastCheckpoint = saveCheckpoint();
        }
      }
      Iteration iteration = new Iteration(new RolloutPhase(task, sampler, rewards, config, stops),
          new PolicyUpdate(model, optimizer, config), reference, config);
      while (step < config.maxSteps()) {
        IterationResult r = iteration.run(step + 1, position);
        step++;
        position = r.nextPosition();
        skipped += ((Number) r.metrics().get("train/skipped_steps")).intValue();
        run.append(RunDirectory.METRICS, r.metrics());
        logCompletions(r.samples());
        listener.onIteration(step, r.metrics());
        boolean end = step == config.maxSteps();
        if (end || (config.evalEvery() > 0 && step % config.evalEvery() == 0)) {
          last = evaluate(evaluator, step, last);
        }
        if (end || (config.saveEvery() > 0 && step % config.saveEvery() == 0)) {
          lastCheckpoint = saveCheckpoint();
        }
      }
    }
    TrainSummary summary = new TrainSummary(step, skipped, last, lastCheckpoint);
    listener.onEnd(summary);
    return summary;
  }

  /**
   * Times one full iteration (rollout, rewards, update) of {@code policy} on {@code task} without writing anything, for
   * benchmarks; the policy is updated in place. No warm start; a reference copy is made when beta > 0.
   */
  public static IterationTiming timeIteration(ModelDirectory policy, Task task, TrainConfig config) {
    Set<Integer> stops = StopTokens.resolve(policy.tokenizer(), config.rollout().stopStrings());
    RolloutSampler sampler = new RolloutSampler(policy.model(), policy.tokenizer());
    AdamW optimizer = AdamW.forModel(policy.model(), AdamWConfig.of(config.lr()), config.weightDecay());
    try (RewardRunner rewards = new RewardRunner(task.rewards(), config.rollout().rewardThreads(),
        config.rollout().rewardTimeoutSeconds())) {
      LanguageModel ref = config.objective().beta() > 0 ? copy(policy.model()) : null;
      return new Iteration(new RolloutPhase(task, sampler, rewards, config, stops),
          new PolicyUpdate(policy.model(), optimizer, config), ref, config).run(1, 0).timing();
    }
  }

  private Path saveCheckpoint() {
    Path dir = RunCheckpoints.save(run.checkpoints(), new TrainerState(step, position, model.dtype().name(), config),
        model, optimizer, tokenizer, tokenizerSource, reference);
    listener.onCheckpoint(dir);
    return dir;
  }

  private EvalResult evaluate(Evaluator evaluator, int at, EvalResult previous) {
    EvalResult e = evaluator.run(at);
    if (e == null) {
      return previous;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("step", e.step());
    line.put("accuracy", e.accuracy());
    line.put("ci_low", e.ciLow());
    line.put("ci_high", e.ciHigh());
    line.put("n", e.n());
    run.append(RunDirectory.EVAL, line);
    listener.onEval(e);
    return e;
  }

  private void logCompletions(List<ScoredSample> samples) {
    for (ScoredSample s : samples.subList(0, Math.min(config.completionsLogged(), samples.size()))) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("step", step);
      line.put("problem_id", s.sample().problem().id());
      line.put("group", s.sample().group());
      line.put("prompt", s.sample().problem().prompt());
      line.put("completion", s.sample().text());
      line.put("length", s.sample().length());
      line.put("stop", s.sample().completion().stopReason().name());
      line.put("reward", s.reward());
      Map<String, Object> rewards = new LinkedHashMap<>();
      for (RewardOutcome o : s.outcomes()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("reward", o.reward());
        one.put("status", o.status());
        one.put("detail", o.detail());
        rewards.put(o.name(), one);
      }
      line.put("rewards", rewards);
      run.append(RunDirectory.COMPLETIONS, line);
    }
  }

  /** A frozen copy of {@code model}'s current weights. */
  static LanguageModel copy(LanguageModel model) {
    LanguageModel c = model.newLike(0);
    c.loadStateDict(model.stateDict());
    return c;
  }

  /** Iterations done so far. */
  public int step() {
    return step;
  }

  /** The effective configuration. */
  public TrainConfig config() {
    return config;
  }

  /** The policy being trained. */
  public LanguageModel model() {
    return model;
  }
}
