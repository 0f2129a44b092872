package org.grpo4j.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.grpo4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpo4j train} end to end on a tiny model: files, plots, resume equal to an uninterrupted run, config files. */
class TrainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** {@code args} without --task-held-out and its value (the default then applies; --held-out-data refuses it). */
  static String[] withoutTaskHeldOut(String[] args) {
    List<String> a = new ArrayList<>(Arrays.asList(args));
    int at = a.indexOf("--task-held-out");
    a.remove(at + 1);
    a.remove(at);
    return a.toArray(String[]::new);
  }

  static String[] tiny(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--out", out.toString(), "--no-progress", "--n-layer", "1",
        "--n-head", "2", "--n-embd", "32", "--n-positions", "48", "--sft-steps", "3", "--sft-batch-size", "4",
        "--prompts-per-step", "2", "--group-size", "3", "--max-new-tokens", "12", "--task-held-out", "8",
        "--eval-every", "2", "--save-every", "1", "--max-steps", "3", "--inner-steps", "2", "--lr", "1e-3"));
    for (int i = 0; i < more.length; i++) { // a flag given again replaces the default above
      int at = a.indexOf(more[i]);
      if (at >= 0 && i + 1 < more.length && !more[i + 1].startsWith("--")) {
        a.set(at + 1, more[++i]);
      } else {
        a.add(more[i]);
      }
    }
    return a.toArray(String[]::new);
  }

  @Test
  void aTinyRunWritesEveryArtifactAndReportsAccuracyBeforeAndAfter() throws Exception {
    Path out = dir.resolve("run");
    CliRun r = CliRun.of(tiny(out));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("held-out accuracy before (step 0)") && r.out().contains("held-out accuracy after "
        + "(step 3)"), r.out());
    for (String f : List.of("metrics.jsonl", "eval.jsonl", "completions.jsonl", "config.json", "command.json",
        "reward.png", "accuracy.png", "length.png", "checkpoints/step-3/model.safetensors",
        "checkpoints/step-3/char_vocab.txt")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f + " written");
    }
    List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertEquals(3, metrics.size());
    JsonNode m = JSON.readTree(metrics.get(2));
    for (String key : List.of("step", "reward/mean", "reward/std", "reward/correct/mean", "reward/format/mean",
        "reward/frac_zero_std", "completion/length_mean", "completion/length_max", "completion/truncated_frac",
        "policy/loss", "policy/grad_norm", "policy/entropy", "policy/clip_frac", "objective/rho_mean",
        "train/skipped_steps", "time/rollout_s", "perf/rollout_tokens_per_s")) {
      assertTrue(m.has(key), "metrics has " + key + ": " + m);
    }
    List<String> eval = Files.readAllLines(out.resolve("eval.jsonl"));
    assertEquals(List.of(0, 2, 3), eval.stream().map(l -> read(l).get("step").asInt()).toList());
    assertEquals("tic-grpo", JSON.readTree(out.resolve("config.json").toFile()).path("objective").path("name")
        .asText());
  }

  @Test
  void resumeEqualsAnUninterruptedRunAndAnExistingRunIsNeverOverwritten() throws Exception {
    Path straight = dir.resolve("straight");
    assertEquals(0, CliRun.of(tiny(straight)).exit());
    Path cut = dir.resolve("cut");
    String[] args = tiny(cut);
    args[java.util.Arrays.asList(args).lastIndexOf("--max-steps") + 1] = "2";
    assertEquals(0, CliRun.of(args).exit());
    byte[] before = Files.readAllBytes(cut.resolve("metrics.jsonl"));
    CliRun again = CliRun.of(args);
    assertEquals(1, again.exit(), "a non-empty --out is refused");
    assertTrue(again.err().contains("--out " + cut + " is not empty") && again.err().contains("--resume"),
        again.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(cut.resolve("metrics.jsonl"))), "nothing touched");
    CliRun resumed = CliRun.of("train", "--resume", cut.toString(), "--max-steps", "3", "--no-progress");
    assertEquals(0, resumed.exit(), resumed.err());
    assertEquals(clockFree(straight.resolve("metrics.jsonl")), clockFree(cut.resolve("metrics.jsonl")));
    assertEquals(Files.readAllLines(straight.resolve("eval.jsonl")), Files.readAllLines(cut.resolve("eval.jsonl")));
    CliRun mixed = CliRun.of("train", "--resume", cut.toString(), "--lr", "1");
    assertEquals(1, mixed.exit());
    assertTrue(mixed.err().contains("--lr cannot be combined with --resume"), mixed.err());
  }

  @Test
  void rolloutSlotsAreSavedWithTheRunAndKeptOnResume() throws Exception {
    Path straight = dir.resolve("slots");
    assertEquals(0, CliRun.of(tiny(straight, "--rollout-slots", "2", "--max-steps", "2")).exit());
    assertEquals(2, JSON.readTree(straight.resolve("config.json").toFile()).path("rollout").path("rolloutSlots")
        .asInt(-1));
    assertEquals(2, JSON.readTree(straight.resolve("command.json").toFile()).path("rollout-slots").asInt(-1));
    Path cut = dir.resolve("slots-cut");
    assertEquals(0, CliRun.of(tiny(cut, "--rollout-slots", "2", "--max-steps", "1")).exit());
    CliRun resumed = CliRun.of("train", "--resume", cut.toString(), "--max-steps", "2", "--no-progress");
    assertEquals(0, resumed.exit(), resumed.err());
    assertEquals(clockFree(straight.resolve("metrics.jsonl")), clockFree(cut.resolve("metrics.jsonl")),
        "a resumed run samples with the saved slot count");
    CliRun changed = CliRun.of("train", "--resume", cut.toString(), "--rollout-slots", "3");
    assertEquals(1, changed.exit());
    assertTrue(changed.err().contains("--rollout-slots cannot be combined with --resume"), changed.err());
  }

  @Test
  void aConfigFileSetsOptionsAndFlagsOverrideIt() throws Exception {
    Path cfg = Files.writeString(dir.resolve("c.json"), "{\"group-size\": 4, \"objective\": \"grpo\", \"ops\": "
        + "[\"ADD\"], \"lr\": 0.5}");
    Path out = dir.resolve("cfg");
    String[] args = tiny(out, "--config", cfg.toString(), "--max-steps", "1");
    CliRun r = CliRun.of(args);
    assertEquals(0, r.exit(), r.err());
    JsonNode c = JSON.readTree(out.resolve("config.json").toFile());
    assertEquals(3, c.get("groupSize").asInt(), "the flag --group-size 3 overrides the file's 4");
    assertEquals("grpo", c.path("objective").path("name").asText(), "the file sets the objective");
    assertEquals(1e-3, c.get("lr").asDouble(), 0.0, "the flag overrides the file's lr");
    assertEquals("[\"ADD\"]", JSON.readTree(out.resolve("command.json").toFile()).get("ops").toString());
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"group-sise\": 4}");
    CliRun refused = CliRun.of("train", "--config", bad.toString(), "--out", dir.resolve("x").toString());
    assertEquals(2, refused.exit());
    assertTrue(refused.err().contains("unknown option 'group-sise'") && refused.err().contains("group-size"),
        refused.err());
    assertFalse(Files.exists(dir.resolve("x")));
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The metrics lines without their time/ and perf/ keys. */
  static List<String> clockFree(Path metrics) throws Exception {
    List<String> out = new ArrayList<>();
    try (Stream<String> lines = Files.lines(metrics)) {
      for (String line : (Iterable<String>) lines::iterator) {
        ObjectNode o = (ObjectNode) JSON.readTree(line);
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
          String k = it.next();
          if (k.startsWith("time/") || k.startsWith("perf/")) {
            it.remove();
          }
        }
        out.add(o.toString());
      }
    }
    return out;
  }
}
