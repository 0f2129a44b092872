package org.grpo4j.rl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Everything a GRPO run is configured by (written as {@code config.json}). Each iteration takes promptsPerStep (B)
 * prompts, samples groupSize (G) completions each, and makes innerSteps (K) passes over them, each pass split into
 * miniBatches optimizer steps, each step accumulating gradients over microBatches chunks; lr, weightDecay (AdamW,
 * matrices only) and gradClip (global norm, 0 = off) set the optimizer. sftSteps optimizer steps of supervised warm
 * start on the problems' solutions (batch sftBatchSize, learning rate sftLr) run first (0 = none). Held-out accuracy
 * is measured at step 0, every evalEvery iterations (0 = only at the ends) and at the end on heldOut problems (0 =
 * all); checkpoints every saveEvery iterations (0 = only at the end); completionsLogged samples per iteration go to
 * completions.jsonl.
 */
public record TrainConfig(long seed, int maxSteps, int promptsPerStep, int groupSize, int innerSteps,
    int miniBatches, int microBatches, double lr, double weightDecay, double gradClip, int sftSteps,
    int sftBatchSize, double sftLr, int evalEvery, int saveEvery, int heldOut, int completionsLogged,
    RolloutSettings rollout, ObjectiveSettings objective) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Validates every field and names the bad value and what was expected. */
  public TrainConfig {
    atLeast("max steps", maxSteps, 0);
    atLeast("prompts per step (B)", promptsPerStep, 1);
    atLeast("group size (G)", groupSize, 2);
    atLeast("inner steps (K)", innerSteps, 1);
    atLeast("mini-batches", miniBatches, 1);
    atLeast("micro-batches", microBatches, 1);
    if ((long) miniBatches * microBatches > (long) promptsPerStep * groupSize) {
      throw new IllegalArgumentException("train: mini-batches " + miniBatches + " x micro-batches " + microBatches
          + " must be at most B x G = " + (long) promptsPerStep * groupSize + " outputs");
    }
    positiveFinite("learning rate", lr);
    nonNegativeFinite("weight decay", weightDecay);
    nonNegativeFinite("grad clip", gradClip);
    atLeast("sft steps", sftSteps, 0);
    atLeast("sft batch size", sftBatchSize, 1);
    positiveFinite("sft learning rate", sftLr);
    atLeast("eval every", evalEvery, 0);
    atLeast("save every", saveEvery, 0);
    atLeast("held-out count", heldOut, 0);
    atLeast("completions logged", completionsLogged, 0);
    if (rollout == null || objective == null) {
      throw new IllegalArgumentException("train: rollout and objective settings are required");
    }
  }

  private static void atLeast(String name, long v, long min) {
    if (v < min) {
      throw new IllegalArgumentException("train: " + name + " " + v + " must be >= " + min);
    }
  }

  private static void positiveFinite(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("train: " + name + " " + v + " must be finite and > 0");
    }
  }

  private static void nonNegativeFinite(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("train: " + name + " " + v + " must be finite and >= 0");
    }
  }

  /** A builder starting from the defaults. */
  public static TrainConfigBuilder builder() {
    return new TrainConfigBuilder();
  }

  /** A builder starting from this config. */
  public TrainConfigBuilder toBuilder() {
    return new TrainConfigBuilder(this);
  }

  /** This config with another number of iterations. */
  public TrainConfig withMaxSteps(int steps) {
    return toBuilder().maxSteps(steps).build();
  }

  /** The config as indented JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The config read from JSON text (as {@link #toJson} writes); {@code where} names the source in errors. */
  public static TrainConfig fromJson(String json, String where) {
    try {
      return JSON.readValue(json, TrainConfig.class);
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException(where + ": not a valid train config: " + cause.getMessage(), e);
    }
  }
}
