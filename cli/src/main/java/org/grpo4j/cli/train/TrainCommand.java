package org.grpo4j.cli.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.grpo4j.rl.chat.ChatPromptFormat;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.rl.objective.Aggregation;
import org.grpo4j.rl.objective.KlEstimator;
import org.grpo4j.rl.objective.LengthCorrection;
import org.grpo4j.rl.rollout.AdvantageEstimator;
import org.grpo4j.rl.rollout.OverlongMode;
import org.grpo4j.rl.task.Task;
import org.grpo4j.rl.train.EvalResult;
import org.grpo4j.rl.train.ObjectiveName;
import org.grpo4j.rl.train.TrainConfig;
import org.grpo4j.rl.train.TrainSummary;
import org.grpo4j.rl.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code grpo4j train}: GRPO-family RL fine-tuning of a policy on a task, the project's main job. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
    description = {"GRPO-family RL fine-tuning (TIC-GRPO by default) of a policy on a task with a verifier.",
        "With no options: a new small GPT with a character tokenizer, a short SFT warm start on the math task's worked "
        + "solutions, then TIC-GRPO; prints held-out greedy accuracy before and after with 95%% intervals.",
        "Writes metrics.jsonl, eval.jsonl, completions.jsonl, config.json, command.json, PNG plots and checkpoints "
        + "under --out; --resume DIR continues a run. --config FILE.json holds any option (\"group-size\": 8); flags "
        + "override it."})
public final class TrainCommand implements Callable<Integer> {
  /** The options this run was given, as a --config file; --resume reads it back. */
  public static final String COMMAND_FILE = "command.json";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE.json", description = "option values as JSON; flags override them")
  Path config;

  @Option(names = "--out", paramLabel = "DIR", description = "new run directory (default ${DEFAULT-VALUE})")
  Path out = Path.of("runs", "train");

  @Option(names = "--resume", paramLabel = "DIR", description = "continue the run in DIR (only --max-steps may change, "
      + "not below the run's step; its command.json and checkpoint are checked first)")
  Path resume;

  @Option(names = "--no-progress", description = "no progress bars (evaluations are printed as lines)")
  boolean noProgress;

  @Mixin TaskOptions task;

  @Mixin ChatOptions chat;

  @Option(names = "--objective", description = "one of: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})",
      defaultValue = "tic-grpo", converter = ObjectiveNameConverter.class,
      completionCandidates = ObjectiveNameConverter.Names.class)
  ObjectiveName objective;

  @Mixin ModelOptions model;

  @Option(names = "--seed", description = "seed of the model, data, sampling and updates (default ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--max-steps", description = "iterations (default ${DEFAULT-VALUE})")
  int maxSteps = 200;

  @Option(names = "--prompts-per-step", description = "prompts per iteration, B (default ${DEFAULT-VALUE})")
  int promptsPerStep = 16;

  @Option(names = "--group-size", description = "completions per prompt, G >= 2 (default ${DEFAULT-VALUE})")
  int groupSize = 8;

  @Option(names = "--inner-steps", description = "passes over each rollout batch, K >= 1 (default ${DEFAULT-VALUE})")
  int innerSteps = 2;

  @Option(names = "--mini-batches", description = "optimizer steps per pass (default ${DEFAULT-VALUE})")
  int miniBatches = 1;

  @Option(names = "--micro-batches", description = "gradient-accumulation chunks per step (default ${DEFAULT-VALUE})")
  int microBatches = 1;

  @Option(names = "--lr", description = "AdamW learning rate (default ${DEFAULT-VALUE})")
  double lr = 2e-4;

  @Option(names = "--weight-decay", description = "AdamW decay on matrices (default ${DEFAULT-VALUE})")
  double weightDecay = 0.0;

  @Option(names = "--grad-clip", description = "global gradient-norm clip, 0 = off (default ${DEFAULT-VALUE})")
  double gradClip = 1.0;

  @Option(names = "--beta", description = "KL weight to the reference policy; 0 loads none (default ${DEFAULT-VALUE})")
  double beta = 0.0;

  @Option(names = "--kl", description = "KL estimator: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  KlEstimator kl = KlEstimator.K3;

  @Option(names = "--eps-low", description = "lower clip range (default: the objective's)")
  Double epsLow;

  @Option(names = "--eps-high", description = "upper clip range (default: the objective's)")
  Double epsHigh;

  @Option(names = "--length-correction", description = "tic-grpo: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  LengthCorrection lengthCorrection = LengthCorrection.NONE;

  @Option(names = "--truncated-is", description = "tic-grpo: read the clip as truncated importance sampling")
  boolean truncatedIs;

  @Option(names = "--aggregation", description = "loss aggregation: ${COMPLETION-CANDIDATES} (default: the objective's)")
  Aggregation aggregation;

  @Option(names = "--advantage", description = "advantages: ${COMPLETION-CANDIDATES} (default: the objective's)")
  AdvantageEstimator advantage;

  @Option(names = "--temperature", description = "sampling temperature (default ${DEFAULT-VALUE})")
  double temperature = 1.0;

  @Option(names = "--top-k", description = "sampling top-k, 0 = off (default ${DEFAULT-VALUE})")
  int topK = 0;

  @Option(names = "--top-p", description = "sampling top-p, 1 = off (default ${DEFAULT-VALUE})")
  double topP = 1.0;

  @Option(names = "--max-new-tokens", description = "longest completion (default ${DEFAULT-VALUE})")
  int maxNewTokens = 24;

  @Option(names = "--rollout-slots", paramLabel = "N", description = "KV-cache slots of the rollout engine: sequences "
      + "sampled at once, a finished one's slot taking the next (fewer: less memory; default: every B x G sequence)")
  Integer rolloutSlots;

  @Option(names = "--reward-timeout", description = "seconds a reward call may take (default ${DEFAULT-VALUE})")
  double rewardTimeout = 10;

  @Option(names = "--dynamic-sampling", description = "DAPO: replace groups whose rewards are all equal")
  boolean dynamicSampling;

  @Option(names = "--max-extra-rounds", description = "DAPO: extra sampling rounds at most (default ${DEFAULT-VALUE})")
  int maxExtraRounds = 3;

  @Option(names = "--overlong", description = "truncated completions: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  OverlongMode overlong = OverlongMode.NONE;

  @Option(names = "--overlong-buffer", description = "soft penalty: tokens before the limit (default ${DEFAULT-VALUE})")
  int overlongBuffer = 4;

  @Option(names = "--overlong-penalty", description = "soft penalty: largest penalty (default ${DEFAULT-VALUE})")
  double overlongPenalty = 1.0;

  @Option(names = "--sft-steps", description = "SFT warm-start steps on worked solutions, 0 = none (default ${DEFAULT-VALUE})")
  int sftSteps = 900;

  @Option(names = "--sft-batch-size", description = "SFT examples per step (default ${DEFAULT-VALUE})")
  int sftBatchSize = 32;

  @Option(names = "--sft-lr", description = "SFT learning rate (default ${DEFAULT-VALUE})")
  double sftLr = 2e-3;

  @Option(names = "--eval-every", description = "held-out evaluation every N iterations, 0 = ends only (default ${DEFAULT-VALUE})")
  int evalEvery = 25;

  @Option(names = "--held-out", description = "held-out problems evaluated, 0 = all (default ${DEFAULT-VALUE})")
  int heldOut = 0;

  @Option(names = "--save-every", description = "checkpoint every N iterations, 0 = end only (default ${DEFAULT-VALUE})")
  int saveEvery = 50;

  @Option(names = "--completions-logged", description = "samples per iteration in completions.jsonl (default ${DEFAULT-VALUE})")
  int completionsLogged = 4;

  @Override
  public Integer call() throws IOException {
    long started = System.nanoTime();
    ConsoleTrainListener listener = new ConsoleTrainListener(spec.commandLine().getErr(), System.err,
        !noProgress);
    Path dir;
    Trainer trainer;
    if (resume != null) {
      dir = resume;
      trainer = RunCommandFile.resume(spec, resume, listener);
    } else {
      dir = out;
      checkOptions();
      TrainConfig cfg = trainConfig(); // every value checked before anything is written
      ChatPromptFormat chatFormat = chat.format(model.init);
      RunCommandFile.requireNewDirectory(out);
      Task t = ChatOptions.apply(task.build(seed), chatFormat);
      ModelDirectory policy = model.policy(seed, cfg);
      if (chatFormat != null) {
        cfg = trainConfig(chatFormat.endOfTurnTokens(policy.tokenizer()));
      }
      ContextCheck.require(t, policy, cfg.sftSteps() > 0);
      trainer = Trainer.create(out, policy, t, cfg, listener);
      RunCommandFile.write(out.resolve(COMMAND_FILE), spec);
    }
    TrainSummary summary = trainer.run();
    java.util.List<String> plots = TrainPlots.write(dir);
    EvalResult before = RunCommandFile.firstEval(dir);
    var o = spec.commandLine().getOut();
    if (before != null) {
      o.println(ConsoleTrainListener.describe("held-out accuracy before (step 0)", before));
    }
    if (summary.lastEval() != null) {
      o.println(ConsoleTrainListener.describe("held-out accuracy after (step " + summary.steps() + ")",
          summary.lastEval()));
    }
    o.printf(Locale.ROOT, "train: %d iterations (%d skipped) in %.1f s; %s written to %s (plots: %s)%n",
        summary.steps(), summary.skippedSteps(), (System.nanoTime() - started) / 1e9,
        "metrics.jsonl, eval.jsonl, completions.jsonl, config.json", dir, String.join(", ", plots));
    if (summary.lastCheckpoint() != null) {
      o.println("checkpoint: " + summary.lastCheckpoint());
    }
    return 0;
  }

  /**
   * Checks the parsed option values of a new run as {@link #call} does before it writes anything (sizes and ranges,
   * the trainer's configuration, the task's knobs), reading no data file and no model.
   *
   * @throws IllegalArgumentException naming the option, its value and what was expected
   */
  public void checkOptions() {
    TrainPreflight.options(this);
    trainConfig();
    task.check();
  }

  /** The trainer's configuration from these options (validated: errors name the option's value). */
  TrainConfig trainConfig() {
    return trainConfig(java.util.List.of());
  }

  /** The configuration, the completions also ending at {@code endOfTurn} (the chat template's end-of-turn tokens). */
  TrainConfig trainConfig(java.util.List<String> endOfTurn) {
    java.util.List<String> stops = new java.util.ArrayList<>(task.stopStrings());
    endOfTurn.stream().filter(s -> !stops.contains(s)).forEach(stops::add);
    return TrainConfig.builder().seed(seed).maxSteps(maxSteps).promptsPerStep(promptsPerStep).groupSize(groupSize)
        .innerSteps(innerSteps).miniBatches(miniBatches).microBatches(microBatches).lr(lr).weightDecay(weightDecay)
        .gradClip(gradClip).sftSteps(sftSteps).sftBatchSize(sftBatchSize).sftLr(sftLr).evalEvery(evalEvery)
        .saveEvery(saveEvery).heldOut(heldOut).completionsLogged(completionsLogged).temperature(temperature)
        .topK(topK).topP(topP).maxNewTokens(maxNewTokens).rolloutSlots(rolloutSlots).rewardTimeoutSeconds(rewardTimeout)
        .dynamicSampling(dynamicSampling).maxExtraRounds(maxExtraRounds).overlong(overlong)
        .overlongBuffer(overlongBuffer).overlongPenalty(overlongPenalty).objective(objective).epsLow(epsLow)
        .epsHigh(epsHigh).beta(beta).kl(kl).lengthCorrection(lengthCorrection).truncatedIs(truncatedIs)
        .aggregation(aggregation).advantage(advantage).stopStrings(stops).build();
  }

  /** True when {@code dir} is missing or an empty directory. */
  static boolean isNewDirectory(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
