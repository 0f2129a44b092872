package org.grpo4j.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.grpo4j.rl.objective.Aggregation;
import org.grpo4j.rl.objective.LengthCorrection;
import org.grpo4j.rl.rollout.AdvantageEstimator;
import org.grpo4j.rl.rollout.OverlongMode;
import org.junit.jupiter.api.Test;

/** Config validation, defaults per objective and the JSON form. */
class TrainConfigTest {
  static void rejects(UnaryOperator<TrainConfigBuilder> change, String... mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> change.apply(TrainConfig.builder()).build());
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention " + m);
    }
  }

  @Test
  void badValuesNameTheValueAndTheExpectation() {
    rejects(b -> b.groupSize(1), "group size (G) 1", ">= 2");
    rejects(b -> b.promptsPerStep(0), "prompts per step (B) 0", ">= 1");
    rejects(b -> b.innerSteps(0), "inner steps (K) 0");
    rejects(b -> b.lr(0), "learning rate 0.0", "> 0");
    rejects(b -> b.lr(Double.NaN), "learning rate NaN");
    rejects(b -> b.beta(-0.1), "beta -0.1", ">= 0");
    rejects(b -> b.epsLow(0.0), "eps-low 0.0", "(0, 1)");
    rejects(b -> b.epsHigh(-1.0), "eps-high -1.0");
    rejects(b -> b.temperature(0), "temperature 0.0");
    rejects(b -> b.topP(1.5), "top-p 1.5");
    rejects(b -> b.maxNewTokens(0), "max new tokens 0");
    rejects(b -> b.rewardTimeoutSeconds(-1), "reward timeout -1.0");
    rejects(b -> b.weightDecay(-1), "weight decay -1.0");
    rejects(b -> b.rolloutSlots(0), "rollout slots 0", ">= 1");
    rejects(b -> b.rolloutSlots(-1), "rollout slots -1", ">= 1");
    rejects(b -> b.miniBatches(8).microBatches(9), "mini-batches 8", "micro-batches 9", "64 outputs");
    rejects(b -> b.overlong(OverlongMode.SOFT_PENALTY).overlongBuffer(100), "overlong buffer 100");
    rejects(b -> b.objective(ObjectiveName.TIC_GRPO).aggregation(Aggregation.TOKEN_MEAN), "tic-grpo",
        "TOKEN_MEAN");
    rejects(b -> b.objective(ObjectiveName.GRPO).lengthCorrection(LengthCorrection.PER_SEQUENCE), "PER_SEQUENCE",
        "tic-grpo only");
  }

  @Test
  void objectiveNamesParseAndListTheValidOnes() {
    assertEquals(ObjectiveName.TIC_GRPO, ObjectiveName.parse("tic-grpo"));
    assertEquals(ObjectiveName.GRPO_FROZEN, ObjectiveName.parse("grpo-frozen"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectiveName.parse("ppo"));
    assertTrue(e.getMessage().contains("'ppo'") && e.getMessage().contains("grpo, grpo-nois, grpo-frozen, tic-grpo, "
        + "gspo, dr-grpo, dapo, reinforce, rloo"), e.getMessage());
  }

  @Test
  void objectiveDefaultsAreFilledIn() {
    ObjectiveSettings dapo = TrainConfig.builder().objective(ObjectiveName.DAPO).build().objective();
    assertEquals(0.28, dapo.epsHigh());
    assertEquals(Aggregation.TOKEN_MEAN, dapo.aggregation());
    ObjectiveSettings dr = ObjectiveSettings.of(ObjectiveName.DR_GRPO);
    assertEquals(AdvantageEstimator.MEAN_ONLY, dr.advantage());
    assertEquals(Aggregation.SEQ_MEAN_TOKEN_SUM_NORM, dr.aggregation());
    assertEquals(AdvantageEstimator.LEAVE_ONE_OUT, ObjectiveSettings.of(ObjectiveName.RLOO).advantage());
    assertEquals(4e-4, ObjectiveSettings.of(ObjectiveName.GSPO).epsHigh());
  }

  @Test
  void jsonRoundTripsAndNamesItsSourceOnErrors() {
    TrainConfig c = TrainConfig.builder().seed(9).objective(ObjectiveName.TIC_GRPO)
        .lengthCorrection(LengthCorrection.GROUP_MEAN_LENGTH).beta(0.04).stopStrings(List.of("\n"))
        .overlong(OverlongMode.MASK).dynamicSampling(true).build();
    String json = c.toJson();
    assertTrue(json.contains("\"tic-grpo\""), json);
    assertEquals(c, TrainConfig.fromJson(json, "config.json"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.fromJson(json.replace("\"groupSize\" : 8", "\"groupSize\" : 1"), "x/config.json"));
    assertTrue(e.getMessage().contains("x/config.json") && e.getMessage().contains("group size (G) 1"),
        e.getMessage());
  }

  @Test
  void rolloutSlotsRoundTripAndDefaultToEverySequenceAtOnce() {
    assertNull(TrainConfig.builder().build().rollout().rolloutSlots(), "default: every sequence at once");
    TrainConfig c = TrainConfig.builder().rolloutSlots(5).build();
    String json = c.toJson();
    assertTrue(json.contains("\"rolloutSlots\" : 5"), json);
    TrainConfig back = TrainConfig.fromJson(json, "config.json");
    assertEquals(c, back);
    assertEquals(5, back.toBuilder().build().rollout().rolloutSlots());
    TrainConfig older = TrainConfig.fromJson(json.replace("\"rolloutSlots\" : 5,", "")
        .replace(",\n    \"rolloutSlots\" : 5", ""), "old/config.json"); // a config written before the option
    assertFalse(older.toJson().contains("\"rolloutSlots\" : 5"), older.toJson());
    assertNull(older.rollout().rolloutSlots());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.fromJson(json.replace("\"rolloutSlots\" : 5", "\"rolloutSlots\" : 0"), "x/config.json"));
    assertTrue(e.getMessage().contains("x/config.json") && e.getMessage().contains("rollout slots 0"),
        e.getMessage());
  }
}
