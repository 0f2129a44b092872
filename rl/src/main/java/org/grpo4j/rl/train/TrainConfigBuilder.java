package org.grpo4j.rl.train;

import java.util.List;
import org.grpo4j.rl.objective.Aggregation;
import org.grpo4j.rl.objective.KlEstimator;
import org.grpo4j.rl.objective.LengthCorrection;
import org.grpo4j.rl.rollout.AdvantageEstimator;
import org.grpo4j.rl.rollout.OverlongMode;

/** A fluent builder of {@link TrainConfig}; {@link #build} validates. */
public final class TrainConfigBuilder {
  private long seed = 1;
  private int maxSteps = 100;
  private int promptsPerStep = 8;
  private int groupSize = 8;
  private int innerSteps = 1;
  private int miniBatches = 1;
  private int microBatches = 1;
  private double lr = 1e-5;
  private double weightDecay = 0.0;
  private double gradClip = 1.0;
  private int sftSteps = 0;
  private int sftBatchSize = 16;
  private double sftLr = 1e-3;
  private int evalEvery = 10;
  private int saveEvery = 50;
  private int heldOut = 0;
  private int completionsLogged = 4;
  private double temperature = 1.0;
  private int topK = 0;
  private double topP = 1.0;
  private int maxNewTokens = 64;
  private List<String> stopStrings = List.of();
  private double rewardTimeoutSeconds = 10;
  private int rewardThreads = 2;
  private boolean dynamicSampling = false;
  private int maxExtraRounds = 3;
  private OverlongMode overlong = OverlongMode.NONE;
  private int overlongBuffer = 16;
  private double overlongPenalty = 1.0;
  private Integer rolloutSlots;
  private ObjectiveName objective = ObjectiveName.GRPO;
  private Double epsLow;
  private Double epsHigh;
  private double beta = 0;
  private KlEstimator kl;
  private LengthCorrection lengthCorrection;
  private boolean truncatedIs;
  private Aggregation aggregation;
  private AdvantageEstimator advantage;

  TrainConfigBuilder() {}

  TrainConfigBuilder(TrainConfig c) {
    seed = c.seed(); maxSteps = c.maxSteps(); promptsPerStep = c.promptsPerStep(); groupSize = c.groupSize();
    innerSteps = c.innerSteps(); miniBatches = c.miniBatches(); microBatches = c.microBatches(); lr = c.lr();
    weightDecay = c.weightDecay(); gradClip = c.gradClip(); sftSteps = c.sftSteps(); sftBatchSize = c.sftBatchSize();
    sftLr = c.sftLr(); evalEvery = c.evalEvery(); saveEvery = c.saveEvery(); heldOut = c.heldOut();
    completionsLogged = c.completionsLogged();
    RolloutSettings r = c.rollout();
    temperature = r.temperature(); topK = r.topK(); topP = r.topP(); maxNewTokens = r.maxNewTokens();
    stopStrings = r.stopStrings(); rewardTimeoutSeconds = r.rewardTimeoutSeconds(); rewardThreads = r.rewardThreads();
    dynamicSampling = r.dynamicSampling(); maxExtraRounds = r.maxExtraRounds(); overlong = r.overlong();
    overlongBuffer = r.overlongBuffer(); overlongPenalty = r.overlongPenalty(); rolloutSlots = r.rolloutSlots();
    ObjectiveSettings o = c.objective();
    objective = o.name(); epsLow = o.epsLow(); epsHigh = o.epsHigh(); beta = o.beta(); kl = o.kl();
    lengthCorrection = o.lengthCorrection(); truncatedIs = o.truncatedIs(); aggregation = o.aggregation();
    advantage = o.advantage();
  }

  /** The validated config. */
  public TrainConfig build() {
    return new TrainConfig(seed, maxSteps, promptsPerStep, groupSize, innerSteps, miniBatches, microBatches, lr,
        weightDecay, gradClip, sftSteps, sftBatchSize, sftLr, evalEvery, saveEvery, heldOut, completionsLogged,
        new RolloutSettings(temperature, topK, topP, maxNewTokens, stopStrings, rewardTimeoutSeconds, rewardThreads,
            dynamicSampling, maxExtraRounds, overlong, overlongBuffer, overlongPenalty, rolloutSlots),
        new ObjectiveSettings(objective, epsLow, epsHigh, beta, kl, lengthCorrection, truncatedIs, aggregation,
            advantage));
  }

  /** Sets the seed every random draw derives from. */
  public TrainConfigBuilder seed(long v) { seed = v; return this; }
  /** Sets the number of iterations. */
  public TrainConfigBuilder maxSteps(int v) { maxSteps = v; return this; }
  /** Sets B, the prompts per iteration. */
  public TrainConfigBuilder promptsPerStep(int v) { promptsPerStep = v; return this; }
  /** Sets G, the completions per prompt. */
  public TrainConfigBuilder groupSize(int v) { groupSize = v; return this; }
  /** Sets K, the passes over each iteration's samples. */
  public TrainConfigBuilder innerSteps(int v) { innerSteps = v; return this; }
  /** Sets the optimizer steps per pass. */
  public TrainConfigBuilder miniBatches(int v) { miniBatches = v; return this; }
  /** Sets the gradient-accumulation chunks per optimizer step. */
  public TrainConfigBuilder microBatches(int v) { microBatches = v; return this; }
  /** Sets the RL learning rate. */
  public TrainConfigBuilder lr(double v) { lr = v; return this; }
  /** Sets AdamW's weight decay (matrices only). */
  public TrainConfigBuilder weightDecay(double v) { weightDecay = v; return this; }
  /** Sets the global gradient-norm clip (0 = off). */
  public TrainConfigBuilder gradClip(double v) { gradClip = v; return this; }
  /** Sets the SFT warm-start steps (0 = none). */
  public TrainConfigBuilder sftSteps(int v) { sftSteps = v; return this; }
  /** Sets the SFT batch size. */
  public TrainConfigBuilder sftBatchSize(int v) { sftBatchSize = v; return this; }
  /** Sets the SFT learning rate. */
  public TrainConfigBuilder sftLr(double v) { sftLr = v; return this; }
  /** Sets the iterations between evaluations (0 = only at the start and end). */
  public TrainConfigBuilder evalEvery(int v) { evalEvery = v; return this; }
  /** Sets the iterations between checkpoints (0 = only at the end). */
  public TrainConfigBuilder saveEvery(int v) { saveEvery = v; return this; }
  /** Sets how many held-out problems are evaluated (0 = all). */
  public TrainConfigBuilder heldOut(int v) { heldOut = v; return this; }
  /** Sets how many samples per iteration go to completions.jsonl. */
  public TrainConfigBuilder completionsLogged(int v) { completionsLogged = v; return this; }
  /** Sets the sampling temperature (also the policy's, for ratios). */
  public TrainConfigBuilder temperature(double v) { temperature = v; return this; }
  /** Sets top-k (0 = off). */
  public TrainConfigBuilder topK(int v) { topK = v; return this; }
  /** Sets top-p (1 = off). */
  public TrainConfigBuilder topP(double v) { topP = v; return this; }
  /** Sets the maximum new tokens per completion. */
  public TrainConfigBuilder maxNewTokens(int v) { maxNewTokens = v; return this; }
  /** Sets the stop strings (one token each). */
  public TrainConfigBuilder stopStrings(List<String> v) { stopStrings = v; return this; }
  /** Sets the time limit of one reward call, in seconds. */
  public TrainConfigBuilder rewardTimeoutSeconds(double v) { rewardTimeoutSeconds = v; return this; }
  /** Sets the reward threads. */
  public TrainConfigBuilder rewardThreads(int v) { rewardThreads = v; return this; }
  /** Turns DAPO dynamic sampling on or off. */
  public TrainConfigBuilder dynamicSampling(boolean v) { dynamicSampling = v; return this; }
  /** Sets the cap of extra sampling rounds of dynamic sampling. */
  public TrainConfigBuilder maxExtraRounds(int v) { maxExtraRounds = v; return this; }
  /** Sets the overlong handling. */
  public TrainConfigBuilder overlong(OverlongMode v) { overlong = v; return this; }
  /** Sets the soft overlong penalty's buffer length. */
  public TrainConfigBuilder overlongBuffer(int v) { overlongBuffer = v; return this; }
  /** Sets the soft overlong penalty's maximum. */
  public TrainConfigBuilder overlongPenalty(double v) { overlongPenalty = v; return this; }
  /** Sets the rollout engine's KV-cache slots (null = every sequence of the round at once). */
  public TrainConfigBuilder rolloutSlots(Integer v) { rolloutSlots = v; return this; }
  /** Sets the objective (its defaults fill unset epsilons, aggregation and advantages). */
  public TrainConfigBuilder objective(ObjectiveName v) { objective = v; return this; }
  /** Sets the lower clip epsilon (null = the objective's default). */
  public TrainConfigBuilder epsLow(Double v) { epsLow = v; return this; }
  /** Sets the upper clip epsilon (null = the objective's default). */
  public TrainConfigBuilder epsHigh(Double v) { epsHigh = v; return this; }
  /** Sets the KL weight (0 = no reference model). */
  public TrainConfigBuilder beta(double v) { beta = v; return this; }
  /** Sets the KL estimator. */
  public TrainConfigBuilder kl(KlEstimator v) { kl = v; return this; }
  /** Sets TIC-GRPO's length correction. */
  public TrainConfigBuilder lengthCorrection(LengthCorrection v) { lengthCorrection = v; return this; }
  /** Sets TIC-GRPO's truncated-IS reading. */
  public TrainConfigBuilder truncatedIs(boolean v) { truncatedIs = v; return this; }
  /** Sets the loss aggregation (null = the objective's default). */
  public TrainConfigBuilder aggregation(Aggregation v) { aggregation = v; return this; }
  /** Sets the advantage estimator (null = the objective's default). */
  public TrainConfigBuilder advantage(AdvantageEstimator v) { advantage = v; return this; }
}
