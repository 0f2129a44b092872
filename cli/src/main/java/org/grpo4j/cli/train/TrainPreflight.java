package org.grpo4j.cli.train;

import org.grpo4j.autograd.ops.PackedWeights;
import org.grpo4j.cli.check.Bounds;
import org.grpo4j.cli.check.GivenOptions;
import org.grpo4j.nn.memory.MemoryBudget;
import org.grpo4j.rl.train.TrainConfig;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.GptSize;
import org.grpo4j.transformer.LanguageModel;
import org.nd4j.linalg.api.buffer.DataType;

/** Checks of {@code grpo4j train}'s sizes before anything is allocated: option ranges and the memory a run needs. */
final class TrainPreflight {
  /** Largest count of prompts, group members, micro-batches and the like. */
  static final int MAX_COUNT = 1 << 16;
  /** Largest number of iterations or SFT steps. */
  static final int MAX_STEPS = 100_000_000;

  private TrainPreflight() {}

  /** Range checks of every size option (the trainer's own checks then give the semantic ones, e.g. G >= 2). */
  static void options(TrainCommand c) {
    Bounds.require("--max-steps", c.maxSteps, 0, MAX_STEPS);
    Bounds.require("--prompts-per-step", c.promptsPerStep, 1, MAX_COUNT);
    Bounds.require("--group-size", c.groupSize, 2, 4096);
    Bounds.require("--inner-steps", c.innerSteps, 1, 4096);
    Bounds.require("--mini-batches", c.miniBatches, 1, MAX_COUNT);
    Bounds.require("--micro-batches", c.microBatches, 1, MAX_COUNT);
    Bounds.require("--max-new-tokens", c.maxNewTokens, 1, MAX_COUNT);
    Bounds.require("--sft-steps", c.sftSteps, 0, MAX_STEPS);
    Bounds.require("--sft-batch-size", c.sftBatchSize, 1, MAX_COUNT);
    Bounds.require("--eval-every", c.evalEvery, 0, MAX_STEPS);
    Bounds.require("--save-every", c.saveEvery, 0, MAX_STEPS);
    Bounds.require("--completions-logged", c.completionsLogged, 0, MAX_COUNT);
    Bounds.require("--held-out", c.heldOut, 0, 1 << 20);
    Bounds.require("--reward-timeout", c.rewardTimeout, 1e-3, 86_400);
    if (c.rolloutSlots != null) {
      Bounds.require("--rollout-slots", c.rolloutSlots, 1, Integer.MAX_VALUE);
    }
    ModelOptions m = c.model;
    if (m.init != null) {
      GivenOptions.refuse(c.spec, "--init " + m.init, "options of a new model; the checkpoint keeps its shape",
          ModelOptions.NEW_MODEL);
    }
    if (m.init == null) {
      Bounds.require("--n-layer", m.nLayer, 1, 1024);
      Bounds.require("--n-head", m.nHead, 1, 1024);
      Bounds.require("--n-embd", m.nEmbd, 1, 1 << 16);
      Bounds.require("--n-positions", m.nPositions, 2, 1 << 20);
    }
  }

  /**
   * The run's memory: the policy's weights, gradients and two AdamW moments (and a reference copy when beta > 0, and
   * the packed copy rollouts multiply by where they pack), and the KV cache of B x G rollouts (or --rollout-slots,
   * when fewer) of up to n_positions tokens, against what the machine can give.
   */
  static void memory(GptConfig model, TrainConfig config) {
    GptSize size = new GptSize(model);
    MemoryBudget budget = MemoryBudget.current();
    int copies = copies(config);
    size.requireFits(budget, copies, DataType.FLOAT, policyState());
    long rows = (long) config.promptsPerStep() * config.groupSize();
    Integer slots = config.rollout().rolloutSlots();
    long cached = slots == null ? rows : Math.min(rows, slots); // sequences in the cache at once
    long cache = size.kvCacheBytes(cached, model.nPositions(), DataType.FLOAT);
    budget.requireOffHeap(MemoryBudget.plus(cache, size.bytes(DataType.FLOAT) * copies),
        () -> "train: the KV cache of " + cached + " rollouts (" + (slots == null ? "--prompts-per-step x --group-size"
            : "--rollout-slots") + ") of up to " + model.nPositions() + " tokens");
  }

  /** A loaded policy's weights, gradients and AdamW state (reference, packed copy) against the memory available. */
  static void memory(LanguageModel model, TrainConfig config) {
    model.requireFits(MemoryBudget.current(), copies(config), DataType.FLOAT, policyState());
  }

  /** What the copies are, for the refusal's message. */
  private static String policyState() {
    return "train: the policy, its gradients" + (PackedWeights.available()
        ? ", AdamW state and its packed copy for rollouts" : " and AdamW state");
  }

  /**
   * Copies of the policy's size: weights, gradients, two AdamW moments, a reference when beta > 0, and where rollouts
   * multiply by packed weights, the packed copy, whose memory stays allocated between rollouts (PackedWeights).
   */
  private static int copies(TrainConfig config) {
    return 4 + (config.objective().beta() > 0 ? 1 : 0) + (PackedWeights.available() ? 1 : 0);
  }
}
