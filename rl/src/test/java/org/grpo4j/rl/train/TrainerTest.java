package org.grpo4j.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.grpo4j.nn.checkpoint.CheckpointException;
import org.grpo4j.rl.objective.LengthCorrection;
import org.grpo4j.rl.rollout.OverlongMode;
import org.grpo4j.rl.task.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** End-to-end runs on a tiny model: files, determinism, resume, failures and refusals. */
class TrainerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path tmp;

  static TrainConfigBuilder tiny() {
    return TrainConfig.builder().seed(5).maxSteps(4).promptsPerStep(2).groupSize(4).maxNewTokens(6).lr(3e-3)
        .temperature(1.2).evalEvery(2).saveEvery(2).completionsLogged(2);
  }

  static List<String> deterministicPart(Path run) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve(RunDirectory.METRICS))) {
      JsonNode n = JSON.readTree(line);
      Iterator<String> names = n.fieldNames();
      List<String> drop = new ArrayList<>();
      names.forEachRemaining(k -> {
        if (k.startsWith("time/") || k.startsWith("perf/")) {
          drop.add(k);
        }
      });
      drop.forEach(((com.fasterxml.jackson.databind.node.ObjectNode) n)::remove);
      out.add(n.toString());
    }
    return out;
  }

  @Test
  void runsWriteEveryFileAndTwoRunsAreBitIdentical() throws Exception {
    TrainConfig c = tiny().sftSteps(2).sftBatchSize(4).build();
    List<Integer> evals = new ArrayList<>();
    TrainSummary s = Trainer.create(tmp.resolve("a"), TinyTask.policy(3, DataType.FLOAT), new TinyTask(), c,
        new TrainListener() {
          @Override
          public void onEval(EvalResult e) {
            evals.add(e.step());
          }
        }).run();
    Trainer.create(tmp.resolve("b"), TinyTask.policy(3, DataType.FLOAT), new TinyTask(), c, null).run();
    assertEquals(4, s.steps());
    assertEquals(List.of(0, 2, 4), evals);
    List<String> a = deterministicPart(tmp.resolve("a"));
    assertEquals(4, a.size());
    assertEquals(a, deterministicPart(tmp.resolve("b")));
    JsonNode first = JSON.readTree(Files.readAllLines(tmp.resolve("a").resolve(RunDirectory.METRICS)).get(0));
    for (String k : List.of("step", "reward/mean", "reward/std", "reward/bs/mean", "reward/frac_zero_std",
        "completion/length_mean", "completion/length_max", "completion/truncated_frac", "policy/loss",
        "policy/grad_norm", "policy/entropy", "policy/clip_frac", "objective/ratio_mean", "train/skipped_steps",
        "time/rollout_s", "perf/train_tokens_per_s")) {
      assertTrue(first.has(k), "metrics has " + k + ": " + first);
    }
    assertFalse(first.has("policy/kl"), "no KL without a reference");
    JsonNode eval = JSON.readTree(Files.readAllLines(tmp.resolve("a").resolve(RunDirectory.EVAL)).get(0));
    assertEquals(3, eval.get("n").asInt());
    assertTrue(eval.get("ci_low").asDouble() <= eval.get("accuracy").asDouble());
    assertEquals(8, Files.readAllLines(tmp.resolve("a").resolve(RunDirectory.COMPLETIONS)).size());
    assertEquals(c, TrainConfig.fromJson(Files.readString(tmp.resolve("a").resolve(RunDirectory.CONFIG)), "config"));
    assertTrue(Files.isRegularFile(tmp.resolve("a/checkpoints/step-2/trainer_state.json")));
    assertTrue(Files.isRegularFile(tmp.resolve("a/checkpoints/step-4/char_special_tokens.json")));
  }

  @Test
  void klIsZeroWhileThePolicyIsTheReference() throws Exception {
    TrainConfig c = tiny().maxSteps(1).beta(0.1).evalEvery(0).build();
    Trainer.create(tmp.resolve("kl"), TinyTask.policy(4, DataType.FLOAT), new TinyTask(), c, null).run();
    JsonNode m = JSON.readTree(Files.readAllLines(tmp.resolve("kl").resolve(RunDirectory.METRICS)).get(0));
    assertTrue(Math.abs(m.get("policy/kl").asDouble()) < 1e-10, "KL to a reference equal to the policy: " + m);
    assertEquals(1.0, m.get("objective/ratio_mean").asDouble(), 1e-5);
  }

  @Test
  void resumedRunEqualsAnUninterruptedOne() throws Exception {
    TrainConfig c = tiny().objective(ObjectiveName.TIC_GRPO).lengthCorrection(LengthCorrection.PER_SEQUENCE)
        .beta(0.05).innerSteps(2).miniBatches(2).microBatches(2).dynamicSampling(true).maxExtraRounds(1)
        .overlong(OverlongMode.SOFT_PENALTY).overlongBuffer(2).build();
    Trainer.create(tmp.resolve("full"), TinyTask.policy(7, DataType.FLOAT), new TinyTask(), c, null).run();
    Trainer.create(tmp.resolve("cut"), TinyTask.policy(7, DataType.FLOAT), new TinyTask(), c.withMaxSteps(3), null)
        .run();
    // step 3 was written after the step-2 checkpoint: resuming must cut it and redo it
    assertTrue(Files.isDirectory(tmp.resolve("cut/checkpoints/step-3")));
    deleteTree(tmp.resolve("cut/checkpoints/step-3"));
    Trainer resumed = Trainer.resume(tmp.resolve("cut"), new TinyTask(), 4, null);
    assertEquals(2, resumed.step());
    resumed.run();
    List<String> full = deterministicPart(tmp.resolve("full"));
    assertEquals(full, deterministicPart(tmp.resolve("cut")));
    JsonNode first = JSON.readTree(full.get(0));
    assertTrue(first.get("policy/kl").asDouble() > 0, "the policy moves away from the reference: " + first);
    assertTrue(first.has("reward/overlong/mean"));
    assertTrue(Files.isRegularFile(tmp.resolve("full/checkpoints/step-4/reference.safetensors")));
  }

  @Test
  void zeroIterationsSaveTheWarmStartedModelAndAResumeFromItEqualsAWholeRun() throws Exception {
    TrainConfig c = tiny().sftSteps(2).sftBatchSize(4).build();
    TrainSummary zero = Trainer.create(tmp.resolve("zero"), TinyTask.policy(3, DataType.FLOAT), new TinyTask(),
        c.withMaxSteps(0), null).run();
    assertEquals(0, zero.steps());
    assertEquals(tmp.resolve("zero/checkpoints/step-0"), zero.lastCheckpoint());
    assertTrue(Files.isRegularFile(tmp.resolve("zero/checkpoints/step-0/trainer_state.json")));
    Trainer.resume(tmp.resolve("zero"), new TinyTask(), 4, null).run();
    Trainer.create(tmp.resolve("whole"), TinyTask.policy(3, DataType.FLOAT), new TinyTask(), c, null).run();
    assertEquals(deterministicPart(tmp.resolve("whole")), deterministicPart(tmp.resolve("zero")));
  }

  @Test
  void failingRewardFunctionsAreRecordedAndTheRunGoesOn() throws Exception {
    TinyTask task = new TinyTask().plus("throws", (p, t) -> {
      throw new IllegalStateException("broken verifier");
    }).plus("sleeps", (p, t) -> {
      try {
        Thread.sleep(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Score.of(1);
    });
    TrainConfig c = tiny().maxSteps(1).rewardTimeoutSeconds(0.1).rewardThreads(4).heldOut(1).build();
    TrainSummary s = Trainer.create(tmp.resolve("r"), TinyTask.policy(3, DataType.FLOAT), task, c, null).run();
    assertEquals(1, s.steps());
    JsonNode m = JSON.readTree(Files.readAllLines(tmp.resolve("r").resolve(RunDirectory.METRICS)).get(0));
    assertEquals(1.0, m.get("reward/throws/failed_frac").asDouble());
    assertEquals(1.0, m.get("reward/sleeps/failed_frac").asDouble());
    assertEquals(0.0, m.get("reward/sleeps/mean").asDouble());
    assertEquals(0.0, m.get("reward/bs/failed_frac").asDouble());
    JsonNode line = JSON.readTree(Files.readAllLines(tmp.resolve("r").resolve(RunDirectory.COMPLETIONS)).get(0));
    assertEquals("error", line.get("rewards").get("throws").get("status").asText());
    assertTrue(line.get("rewards").get("throws").get("detail").asText().contains("broken verifier"));
    assertEquals("timeout", line.get("rewards").get("sleeps").get("status").asText());
  }

  @Test
  void refusesNonEmptyDirectoriesAndNamesCorruptCheckpoints() throws Exception {
    Path busy = tmp.resolve("busy");
    Files.createDirectories(busy);
    Files.writeString(busy.resolve("notes.txt"), "mine");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.create(busy,
        TinyTask.policy(3, DataType.FLOAT), new TinyTask(), tiny().build(), null));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    assertEquals("mine", Files.readString(busy.resolve("notes.txt")));

    Path run = tmp.resolve("run");
    Trainer.create(run, TinyTask.policy(3, DataType.FLOAT), new TinyTask(), tiny().maxSteps(2).build(), null).run();
    Path state = run.resolve("checkpoints/step-2/trainer_state.json");
    Files.writeString(state, "{ not json");
    CheckpointException bad = assertThrows(CheckpointException.class,
        () -> Trainer.resume(run, new TinyTask(), 4, null));
    assertTrue(bad.getMessage().contains(state.toString()), bad.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> Trainer.resume(tmp.resolve("nothing"), new TinyTask(), 4, null));
    assertNotNull(none.getMessage());
  }

  @Test
  void oneIterationCanBeTimedForBenchmarks() {
    IterationTiming t = Trainer.timeIteration(TinyTask.policy(3, DataType.FLOAT), new TinyTask(), tiny().build());
    assertTrue(t.rolloutTokens() > 0 && t.trainTokens() > t.rolloutTokens(), t.toString());
    assertTrue(t.rolloutSeconds() > 0 && t.trainSeconds() > 0 && t.rolloutTokensPerSecond() > 0);
  }

  static void deleteTree(Path p) throws Exception {
    try (var walk = Files.walk(p)) {
      for (Path x : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(x);
      }
    }
  }

}
